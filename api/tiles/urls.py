from django.urls import path

from api.tiles.views import Tile, TileJSON

app_name = "tiles"

urlpatterns = [
    path("tiles.json", TileJSON.as_view(), name="tilejson"),
    path("<int:z>/<int:x>/<int:y>.mvt", Tile.as_view(), name="tile"),
]
