"""Operation handlers: thin, they parse what HTTP carries and delegate to the exec service."""
