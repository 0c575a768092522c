"""Division codes (city / county / township) read from ``data/divisions/divisions.csv``.

Only the lookups scoring needs: the townships of a city or county, their names and their type
(街道 / 镇 / 乡 / special unit, from the 7th digit of the code).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "divisions"
DIVISIONS_PATH = DATA_DIR / "divisions.csv"
CITY_CODES: dict[str, str] = {
    "430500": "邵阳市",
    "431300": "娄底市",
    "431000": "郴州市",
    "440200": "韶关市",
    "140900": "忻州市",
}
TOWNSHIP_TYPES: dict[str, str] = {
    "0": "street",
    "1": "town",
    "2": "township",
    "4": "special",
    "5": "special",
}


def load_divisions(path: Path | str = DIVISIONS_PATH) -> pd.DataFrame:
    """Read divisions.csv without villages.

    :return: columns ``code, name, level, parent_code, city`` (codes as ``str``), levels
        ``city``, ``county`` and ``township`` only.
    """
    frame = pd.read_csv(path, dtype=str, usecols=["code", "name", "level", "parent_code", "city"])
    return frame.loc[frame["level"] != "village"].reset_index(drop=True)


def township_type(codes: pd.Series) -> pd.Series:
    """Return ``street`` (街道), ``town`` (镇), ``township`` (乡) or ``special`` for 9-digit codes.

    The type is read from the 7th digit (NBS statistical division codes); other digits map to
    ``special``.
    """
    digit = codes.astype(str).str[6]
    return digit.map(TOWNSHIP_TYPES).fillna("special")


def city_townships(divisions: pd.DataFrame, city_code: str) -> pd.DataFrame:
    """Return the townships of one city with their county code, name and type.

    :param divisions: output of :func:`load_divisions`.
    :param city_code: 6-digit city code, e.g. ``"430500"``.
    :return: columns ``township_code, township_name, county_code, county_name, township_type``,
        sorted by township code.
    :raises KeyError: if the city is not in ``divisions``.
    """
    city = divisions.loc[(divisions["code"] == city_code) & (divisions["level"] == "city")]
    if city.empty:
        raise KeyError(f"city {city_code} not in divisions")
    counties = divisions.loc[
        (divisions["level"] == "county") & (divisions["parent_code"] == city_code)
    ]
    towns = divisions.loc[
        (divisions["level"] == "township") & divisions["parent_code"].isin(counties["code"])
    ]
    out = pd.DataFrame(
        {
            "township_code": towns["code"].to_numpy(),
            "township_name": towns["name"].to_numpy(),
            "county_code": towns["parent_code"].to_numpy(),
        }
    )
    names = dict(zip(counties["code"], counties["name"], strict=True))
    out["county_name"] = out["county_code"].map(names)
    out["township_type"] = township_type(out["township_code"]).to_numpy()
    return out.sort_values("township_code").reset_index(drop=True)


def division_names(divisions: pd.DataFrame) -> dict[str, str]:
    """Map every code in ``divisions`` to its name."""
    return dict(zip(divisions["code"], divisions["name"], strict=True))


def is_street(codes: pd.Series) -> np.ndarray:
    """Return a float 0/1 array: 1 where the township is a 街道 (urban sub-district)."""
    return (township_type(codes) == "street").to_numpy(dtype=float)
