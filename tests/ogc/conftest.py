from tests.api.conftest import api, little_map  # noqa: F401  the same small map as the API's tests
