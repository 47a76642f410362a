-- docker-compose.yml: PostgreSQL's image creates the tracker database; the role database sits beside it.
CREATE DATABASE roles;
