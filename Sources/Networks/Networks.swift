// Networks module.
