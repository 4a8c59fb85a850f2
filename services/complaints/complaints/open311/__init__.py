"""Open311 GeoReport v2 over the complaint categories and the desk."""
