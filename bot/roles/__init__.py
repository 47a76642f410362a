"""The role database: tables, catalogue loader, repository and the mention resolver."""
