def test_module_page(admin_client, platform):
    r = admin_client.get("/admin/modules")
    assert r.status_code == 302
    r = admin_client.get(r.headers["Location"])
    assert r.status_code == 200, r.get_data(as_text=True)[:3000]
    assert 'data-module="core"' in r.get_data(as_text=True)
