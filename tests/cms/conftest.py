"""Fixtures of the cms tests: an app whose media live in the test's own folder, small upload
limits (so "too big" needs no megabytes), and files to upload."""

from __future__ import annotations

import pytest

from .helpers import FILE_LIMIT, IMAGE_LIMIT


@pytest.fixture
def media_dir(tmp_path):
    return tmp_path / "media"


@pytest.fixture
def app(make_app, media_dir):
    return make_app(
        CMS_MEDIA_ROOT=str(media_dir), CMS_IMAGE_MAX_BYTES=IMAGE_LIMIT, CMS_FILE_MAX_BYTES=FILE_LIMIT
    )
