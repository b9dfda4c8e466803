"""Side-by-side benchmark of mockserver against Stoplight Prism and WireMock (run by hand)."""
