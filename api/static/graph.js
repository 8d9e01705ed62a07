// The graph view: vis-network over the nodes and edges the server built with pyvis.
// A click on a node re-focuses the view on it; a click on an edge opens its source sentence.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var options = JSON.parse(document.getElementById("graph-options").textContent);
  function tip(text) {
    var el = document.createElement("div");
    el.className = "vis-tip";
    el.textContent = text || "";
    return el;
  }
  data.nodes.forEach(function (n) { n.title = tip(n.title); });
  data.edges.forEach(function (e, i) { e.id = "e" + i; e.title = tip(e.title); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNetwork = network;
  window.kgGraph = { nodes: nodes, edges: edges };
  network.once("stabilizationIterationsDone", function () {
    container.setAttribute("data-ready", "1");
  });
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      var q = new URLSearchParams({ focus: id, depth: String(data.depth), kinds: data.kinds, limit: String(data.limit) });
      window.location.href = "/graph?" + q.toString();
    } else if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      if (e && e.url) { window.location.href = e.url; }
    }
  });
  var form = document.querySelector("form.graph-controls");
  if (form) {
    form.addEventListener("submit", function () {
      var on = Array.prototype.map.call(form.querySelectorAll("input[name=kind]:checked"), function (c) { return c.value; });
      document.getElementById("kinds-field").value = on.join(",");
      form.querySelectorAll("input[name=kind]").forEach(function (c) { c.disabled = true; });
    });
  }
})();
