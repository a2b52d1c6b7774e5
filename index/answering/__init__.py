"""Answer extraction: typed candidates, named features, a fitted and calibrated scorer."""
