"""The workspace's blueprints: access (login, roles), dashboard, lessons, translations."""
