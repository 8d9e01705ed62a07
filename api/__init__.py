"""The HTTP service (FastAPI): SPARQL endpoint, REST API and graph views."""
