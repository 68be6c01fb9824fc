def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["modules"]["core"]["status"] == "ok"


def test_admin_dashboard_asks_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=/admin/")


def test_admin_dashboard_renders_widgets_and_module_table(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = response.get_data(as_text=True)
    assert 'data-testid="module-table"' in page
    assert 'data-widget="tenancy.vendors"' in page
    assert 'data-menu="vendors"' in page


def test_vendor_dashboard(vendor_client, vendor):
    response = vendor_client.get(f"/vendor/{vendor.code}/")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    assert 'data-widget="tenancy.team"' in response.get_data(as_text=True)


def test_module_management_page_uses_the_tenancy_stylesheet(admin_client, platform):
    page = admin_client.get(f"/admin/platforms/{platform.id}/modules")
    assert page.status_code == 200
    href = "/static/modules/tenancy/admin/css/tenancy.css"
    assert f'href="{href}"' in page.get_data(as_text=True)
    stylesheet = admin_client.get(href)
    assert stylesheet.status_code == 200 and b".confirm-card" in stylesheet.data
    stylesheet.close()
