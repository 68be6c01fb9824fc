"""The pluggy markers of the ``wizamart`` project."""

import pluggy

PROJECT_NAME = "wizamart"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
