import re

def test_walk(app, admin_client, vendor_client, vendor, company, factory):
    from modules.tenancy.models import Platform
    with app.app_context():
        pid = Platform.query.first().id
    uid = factory.user(email="x@y.lu").id
    args = {"platform_id": pid, "company_id": company.id, "vendor_id": vendor.id, "user_id": uid,
            "vendor_code": vendor.code, "token": "bad", "invitation_id": 1, "path": "x.css", "filename": "css/wizamart.css", "token_id": 1}
    bad = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods: continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(r"<(?:[^:<>]+:)?%s>" % name, str(args.get(name, 1)), url)
        client = vendor_client if url.startswith(("/vendor", "/api/v1/vendor")) else admin_client
        r = client.get(url)
        print(r.status_code, url); body = r.get_data(as_text=True); r.close()
        if r.status_code == 403 and "admin" in url: print(body[:300])
        if r.status_code >= 500: bad.append((url, body[:800]))
    assert not bad, bad
