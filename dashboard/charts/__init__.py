"""Pure chart builders, one module per page; shared look in base.py."""
