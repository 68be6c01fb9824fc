def test_health_is_ok(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["modules"]["core"]["status"] == "ok"


def test_admin_dashboard_renders_module_table(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b'data-testid="module-table"' in response.data
