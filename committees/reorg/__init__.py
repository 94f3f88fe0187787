"""Reorganisations of the committee tree (merge, split, move, rename, dissolve): recorded events
with their decision and effective day (committees.models.Reorganisation), written by services.py;
what the tree was on a day is read by committees.selectors."""
