"""Working with other implementations of the Sandbox API: ``record`` (a proxy that writes what a
backend answers as fixtures), ``proxy`` (a proxy that judges live traffic against the contract)
and ``diff`` (one generated workload against two implementations).

They are entry points built on the checker (targets, the contract's judging, reporters) and on
the fixture writer; they never use the mock's server.
"""
