"""Twenty real English local authorities, with their LA numbers, main towns and postcode districts."""

from typing import NamedTuple


class Locality(NamedTuple):
    code: str
    name: str
    towns: tuple[str, ...]
    outward_codes: tuple[str, ...]
    weight: int  # relative share of the demo population


def _districts(area: str, numbers) -> tuple[str, ...]:
    return tuple(f"{area}{number}" for number in numbers)


LOCALITIES: tuple[Locality, ...] = (
    Locality(
        "383",
        "Leeds",
        ("Leeds", "Headingley", "Morley", "Otley"),
        _districts("LS", range(1, 30)),
        9,
    ),
    Locality(
        "330",
        "Birmingham",
        ("Birmingham", "Erdington", "Sutton Coldfield"),
        _districts("B", range(1, 46)),
        12,
    ),
    Locality(
        "352",
        "Manchester",
        ("Manchester", "Didsbury", "Moss Side"),
        _districts("M", range(1, 41)),
        7,
    ),
    Locality(
        "341", "Liverpool", ("Liverpool", "Anfield", "Toxteth"), _districts("L", range(1, 38)), 6
    ),
    Locality(
        "373",
        "Sheffield",
        ("Sheffield", "Hillsborough", "Crookes"),
        _districts("S", range(1, 15)),
        6,
    ),
    Locality(
        "380", "Bradford", ("Bradford", "Keighley", "Ilkley"), _districts("BD", range(1, 23)), 6
    ),
    Locality(
        "391",
        "Newcastle upon Tyne",
        ("Newcastle upon Tyne", "Gosforth", "Jesmond"),
        _districts("NE", range(1, 16)),
        4,
    ),
    Locality(
        "801", "Bristol", ("Bristol", "Clifton", "Bedminster"), _districts("BS", range(1, 17)), 5
    ),
    Locality(
        "892",
        "Nottingham",
        ("Nottingham", "Bulwell", "Sneinton"),
        _districts("NG", range(1, 12)),
        4,
    ),
    Locality(
        "856", "Leicester", ("Leicester", "Belgrave", "Aylestone"), _districts("LE", range(1, 6)), 4
    ),
    Locality(
        "879", "Plymouth", ("Plymouth", "Devonport", "Plympton"), _districts("PL", range(1, 10)), 3
    ),
    Locality(
        "202", "Camden", ("London",), ("NW1", "NW3", "NW5", "NW6", "WC1", "WC2", "N6", "N19"), 3
    ),
    Locality(
        "210", "Southwark", ("London",), ("SE1", "SE5", "SE15", "SE16", "SE17", "SE21", "SE22"), 4
    ),
    Locality(
        "306",
        "Croydon",
        ("Croydon", "Purley", "Thornton Heath"),
        ("CR0", "CR2", "CR5", "CR7", "CR8", "SE25"),
        5,
    ),
    Locality(
        "886",
        "Kent",
        ("Maidstone", "Canterbury", "Ashford", "Dover", "Tunbridge Wells"),
        _districts("ME", range(14, 20))
        + _districts("CT", range(1, 22))
        + _districts("TN", range(23, 31)),
        10,
    ),
    Locality(
        "881",
        "Essex",
        ("Chelmsford", "Colchester", "Basildon", "Harlow"),
        _districts("CM", range(1, 10))
        + _districts("CO", range(1, 16))
        + _districts("SS", range(13, 17)),
        10,
    ),
    Locality(
        "850",
        "Hampshire",
        ("Winchester", "Basingstoke", "Andover", "Eastleigh"),
        _districts("SO", range(20, 54)) + _districts("RG", range(21, 29)),
        9,
    ),
    Locality(
        "931",
        "Oxfordshire",
        ("Oxford", "Banbury", "Bicester", "Abingdon"),
        _districts("OX", range(1, 30)),
        5,
    ),
    Locality(
        "873",
        "Cambridgeshire",
        ("Cambridge", "Ely", "Huntingdon", "St Neots"),
        _districts("CB", range(1, 8)) + _districts("PE", range(13, 20)),
        5,
    ),
    Locality(
        "925",
        "Lincolnshire",
        ("Lincoln", "Boston", "Grantham", "Skegness"),
        _districts("LN", range(1, 14)) + _districts("NG", range(31, 35)),
        6,
    ),
)
