"""Writes N realistic clearing-house records twice, from one seed: as JSON lines for `tandem import-records`, and as
a SQLite database for Datasette with the same words and codes (one row per record, lists as JSON arrays, a
full-text index on the title and the texts). Usage: generate.py N RECORDS.jsonl DATASETTE.sqlite [SEED]"""
import csv
import json
import os
import random
import sqlite3
import sys

N, JSONL, SQLITE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

with open(os.path.join(ROOT, "Resources", "Data", "states-parties.csv"), encoding="utf-8") as file:
    STATES = [row["iso3"] for row in csv.DictReader(file)]
AREAS = ["national_authority", "implementing_legislation", "chemical_safety_security", "economic_technological_development",
         "assistance_protection", "inspections", "transfers_control", "education_outreach"]
GROUPS = ["africa", "asia", "eastern-europe", "grulac", "weog"]
LANGUAGES = ["en", "fr", "es"]
ACTIVITIES = ["training_course", "workshop", "technical_assistance", "legislative_assistance", "exchange_visit", "equipment", "e_learning",
              "exercise", "research"]
TARGETS = ["national_authority", "customs", "industry", "laboratories", "emergency_responders", "legislators", "academia", "civil_society"]
OPPORTUNITIES = ["grant", "course", "fellowship", "scholarship", "internship", "funding_call"]
ASSISTANCE = ["training", "expert_advice", "legislative_drafting", "equipment", "funding", "mentorship", "exchange_visit"]

# Words people write in such records, in each language, accents and all.
SUBJECTS = {
    "en": ["customs officers", "chemical safety", "industry inspections", "scheduled chemicals", "emergency response", "laboratory analysis",
           "implementing legislation", "export controls", "National Authority staff", "declarations", "chemical security", "outreach to universities"],
    "fr": ["agents des douanes", "sécurité chimique", "inspections de l’industrie", "produits chimiques inscrits", "intervention d’urgence",
           "analyses de laboratoire", "législation d’application", "contrôle des exportations", "personnel de l’autorité nationale",
           "déclarations", "sûreté chimique", "sensibilisation des universités"],
    "es": ["funcionarios de aduanas", "seguridad química", "inspecciones de la industria", "sustancias químicas de las listas", "respuesta de emergencia",
           "análisis de laboratorio", "legislación de aplicación", "control de las exportaciones", "personal de la autoridad nacional",
           "declaraciones", "protección química", "divulgación en las universidades"],
}
FORMS = {
    "en": ["Training course on {s}", "Regional workshop on {s}", "Support to {s}", "Guide to {s}", "Fellowship in {s}", "Needs in {s}"],
    "fr": ["Cours de formation sur {s}", "Atelier régional : {s}", "Appui en matière de {s}", "Guide : {s}", "Bourse en {s}", "Besoins : {s}"],
    "es": ["Curso de formación sobre {s}", "Taller regional: {s}", "Apoyo en {s}", "Guía: {s}", "Beca en {s}", "Necesidades: {s}"],
}
SENTENCES = {
    "en": "This {k} helps {a} with {s} and {t}, with sessions in the region and follow-up by the partners.",
    "fr": "Ce dispositif aide {a} en matière de {s} et de {t}, avec des sessions dans la région et un suivi par les partenaires.",
    "es": "Esta actividad ayuda a {a} en {s} y {t}, con sesiones en la región y un seguimiento de los socios.",
}
AUDIENCES = {"en": ["officials", "inspectors", "laboratories"], "fr": ["les agents", "les inspecteurs", "les laboratoires"],
             "es": ["los funcionarios", "los inspectores", "los laboratorios"]}


def some(items, low, high):
    return random.sample(items, random.randint(low, high))


def day(year_low=2027, year_high=2028):
    return f"{random.randint(year_low, year_high)}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}"


def record(number):
    kind = random.choices(["opportunity", "project", "need", "resource", "organisation", "expert"], [25, 25, 15, 15, 10, 10])[0]
    language = random.choices(LANGUAGES, [60, 25, 15])[0]
    subject, other = random.sample(SUBJECTS[language], 2)
    title = random.choice(FORMS[language]).format(s=subject) + f" ({number})"
    text = SENTENCES[language].format(k=kind, a=random.choice(AUDIENCES[language]), s=subject, t=other)
    areas = some(AREAS, 1, 3)
    fields = {"title": title}
    line = {"kind": kind, "language": language, "visibility": "public"}
    if kind == "opportunity":
        fields.update(opportunityKind=random.choice(OPPORTUNITIES), provider=f"Institute {number % 300}", summary=text,
                      howToApply="Through the National Authority.", deadline=day(), areas=areas, groups=some(GROUPS, 0, 2),
                      languages=some(LANGUAGES, 1, 2))
    elif kind == "project":
        fields.update(summary=text, implementers=f"Organisation {number % 500}", areas=areas, activity=some(ACTIVITIES, 1, 3),
                      targets=some(TARGETS, 1, 3), states=some(STATES, 0, 6), groups=some(GROUPS, 0, 2),
                      projectStatus=random.choice(["planned", "ongoing", "completed"]), budget=random.choice(["under_50k", "50k_250k", "250k_1m"]))
    elif kind == "need":
        line["state"] = random.choice(STATES)
        fields.update(areas=areas[0], priority=random.choice(["high", "medium", "low"]), description=text, assistance=some(ASSISTANCE, 1, 3),
                      languages=[language], needStatus=random.choice(["open", "open", "partly_met", "met"]))
    elif kind == "resource":
        fields.update(creator=f"Author {number % 900}", description=text, areas=areas, dcType="Text",
                      genre=random.choice(["manual", "guideline", "case_study", "report", "legal_text"]),
                      identifier=f"https://example.org/library/{number}", languages=[language])
    elif kind == "organisation":
        fields.update(summary=text, activity=some(ACTIVITIES, 1, 3), areas=areas, groups=some(GROUPS, 0, 2), languages=some(LANGUAGES, 1, 3))
    else:
        line["state"] = random.choice(STATES)
        fields.update(areas=areas, expertise=text, languages=some(LANGUAGES, 1, 2), availability=random.choice(["available", "limited"]))
    line["fields"] = fields
    return line


def main():
    if os.path.exists(SQLITE):
        os.remove(SQLITE)
    db = sqlite3.connect(SQLITE)
    db.execute("""CREATE TABLE records (id INTEGER PRIMARY KEY, kind TEXT, language TEXT, state TEXT, title TEXT, body TEXT,
                  areas TEXT, groups TEXT, languages TEXT, opportunity_kind TEXT, project_status TEXT, need_status TEXT)""")
    with open(JSONL, "w", encoding="utf-8") as out:
        rows = []
        for number in range(1, N + 1):
            line = record(number)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            fields = line["fields"]
            areas = fields["areas"] if isinstance(fields["areas"], list) else [fields["areas"]]
            body = " ".join(fields.get(name, "") for name in ("summary", "description", "expertise", "provider", "implementers", "creator"))
            rows.append((number, line["kind"], line["language"], line.get("state"), fields["title"], body, json.dumps(areas),
                         json.dumps(fields.get("groups", [])), json.dumps(fields.get("languages", [])), fields.get("opportunityKind"),
                         fields.get("projectStatus"), fields.get("needStatus")))
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    # Datasette finds the full-text table by its name; accents are folded as Tandem folds them.
    db.execute("""CREATE VIRTUAL TABLE records_fts USING fts5(title, body, content="records", content_rowid="id",
                  tokenize='unicode61 remove_diacritics 2')""")
    db.execute("INSERT INTO records_fts (rowid, title, body) SELECT id, title, body FROM records")
    for column in ("kind", "language", "state", "opportunity_kind"):
        db.execute(f"CREATE INDEX records_{column} ON records ({column})")
    db.commit()
    db.close()


main()
