"""Users, their organisations and their roles."""
