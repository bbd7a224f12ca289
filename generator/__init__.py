"""ahasend-codegen: turns the AhaSend API v2 OpenAPI spec into a Python client.

The pipeline runs load -> validate -> normalise -> build -> render -> write,
one module per stage in this package.
"""

__version__ = "0.1.0"
