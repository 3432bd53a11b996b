"""Vector tiles of the map (/tiles/{z}/{x}/{y}.mvt) and their TileJSON (/tiles/tiles.json)."""
