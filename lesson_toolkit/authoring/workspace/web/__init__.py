"""The workspace's blueprints: access (login, roles), accounts, dashboard, lessons, translations."""
