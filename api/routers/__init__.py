"""One router per resource; each route only parses its request and calls a function of ``kg``."""
