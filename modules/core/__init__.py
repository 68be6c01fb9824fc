"""core: dashboards, settings and the profile; the pattern every module copies."""
