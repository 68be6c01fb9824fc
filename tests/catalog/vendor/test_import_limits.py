"""An upload over the configured size is refused with 413 and a message naming the limit."""

from __future__ import annotations

import io

import pytest


@pytest.fixture
def app(make_app):
    return make_app(CATALOG_IMPORT_MAX_BYTES=2048)


def test_a_file_over_the_limit_is_refused(api, vendor_client, vendor):
    big = b"handle,sku,price\n" + b"p,s,1\n" * 1000
    response = api.client.post(
        api.url("/import"),
        data={"file": (io.BytesIO(big), "big.csv")},
        headers=api.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "The file is too large: at most 0 MB."
    assert response.get_json()["error"]["details"]["fields"] == {"file": "The file is too large."}
    page = vendor_client.post(
        f"/vendor/{vendor.code}/catalog/import",
        data={"file": (io.BytesIO(big), "big.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 413 and "The file is too large" in page.get_data(as_text=True)
