"""Regenerate flood-report.pdf, the sample PDF news report (needs the test extra: fpdf2).

    .venv/bin/python examples/make_pdf.py

The text is laid out with fixed-width lines, as printed reports are, so the
extracted text has the hard line breaks the cleaner must rejoin.
"""

from pathlib import Path

from fpdf import FPDF

TITLE = "River Authority Warns of Further Flooding as Rains Return"
DATELINE = "April 14, 2022"
BODY = [
    "Residents of low-lying districts along the Varna river were told to prepare for further flooding on "
    "Thursday, as forecasters predicted another 80 millimetres of rain over the weekend.",
    "\u201cThe embankments have held so far, but they were not built for three storms in ten days,\u201d "
    "Nadia Petrova, the head of the regional river authority, told a news conference in the city hall. "
    "\u201cWe are asking people in the red zones to move their cars and valuables to higher ground tonight.\u201d",
    "The mayor, Stefan Ivanov, said emergency shelters had been opened in four schools and that the army had "
    "sent two hundred soldiers to help fill sandbags. He added that the city would cover the cost of hotel rooms "
    "for families who could not stay with relatives.",
    "Not everyone was convinced. \u201cThey said the same thing in March, and my basement was under a metre of "
    "water,\u201d said Georgi Dimov, a baker whose shop sits two streets from the river. \u201cI will believe the "
    "walls are safe when I see it.\u201d",
    "The national weather service said the rain would ease by Monday, according to the state news agency BTA.",
]


def main() -> None:
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") if Path(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists() else None
    font = "DejaVu" if "dejavu" in pdf.fonts else "Helvetica"
    pdf.set_font(font, size=16)
    pdf.multi_cell(0, 8, TITLE)
    pdf.ln(2)
    pdf.set_font(font, size=10)
    pdf.multi_cell(0, 6, DATELINE)
    pdf.ln(2)
    pdf.set_font(font, size=11)
    for para in BODY:
        text = para if font == "DejaVu" else para.replace("\u201c", '"').replace("\u201d", '"')
        pdf.multi_cell(0, 6, text)
        pdf.ln(3)
    pdf.set_title(TITLE)
    pdf.set_creation_date(__import__("datetime").datetime(2022, 4, 15, 9, 0, tzinfo=__import__("datetime").timezone.utc))
    pdf.output(str(Path(__file__).with_name("flood-report.pdf")))


if __name__ == "__main__":
    main()
