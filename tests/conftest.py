"""The suite uses the fixtures of the ``wizamart.testing`` pytest plugin (see setup.cfg)."""
