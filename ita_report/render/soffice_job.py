"""Runs INSIDE LibreOffice (its own Python, as a user macro of the run's throw-away profile), never in
ita-report's process: render/pdf.py copies this file into the profile and starts soffice with
`vnd.sun.star.script:ita_report_job.py$convert?language=Python&location=user`.

It reads the job (a JSON file named by $ITA_REPORT_JOB): for each .docx, where the PDF goes and whether
its page numbers are Thai digits. It opens each document hidden, gives its page-number fields
LibreOffice's native (locale) numbering in a Thai-language run — LibreOffice reads Word's
`pgNumType fmt="thaiNumbers"` as plain decimal — and exports a tagged PDF/A-2b with bookmarks. After each
document it appends one JSON line to the job's status file: {"index": i, "ok": true} or the error, so
that the caller knows which documents were done even if a later one hangs. `convert` does one job and
closes LibreOffice; `serve` keeps it open and takes jobs from a folder (a warm LibreOffice, for --watch)."""
import json
import os
import traceback

NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType.NATIVE_NUMBERING: digits of the text's locale


def _property(name, value):
    from com.sun.star.beans import PropertyValue  # only inside LibreOffice

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _thai_page_numbers(doc):
    """Replaces every page-number field by one with native numbering, anchored in Thai text."""
    from com.sun.star.lang import Locale

    thai = Locale("th", "TH", "")
    fields = []
    enumeration = doc.getTextFields().createEnumeration()
    while enumeration.hasMoreElements():
        field = enumeration.nextElement()
        if field.supportsService("com.sun.star.text.TextField.PageNumber"):
            fields.append(field)
    for field in fields:
        anchor = field.getAnchor()
        text = anchor.getText()
        cursor = text.createTextCursorByRange(anchor)
        cursor.CharLocale = thai  # the field takes its language, so its digits, from the text it sits in
        cursor.CharLocaleComplex = thai
        new = doc.createInstance("com.sun.star.text.TextField.PageNumber")
        new.NumberingType = NATIVE_NUMBERING
        new.SubType = field.SubType
        new.Offset = field.Offset
        text.insertTextContent(cursor, new, True)  # replaces the old field (the cursor spans it)
    doc.getTextFields().refresh()


def _process(job_path):
    """Converts the documents of one job file, appending one status line per document."""
    import uno

    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    desktop = XSCRIPTCONTEXT.getDesktop()  # noqa: F821 - given by LibreOffice's script provider
    export = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(
        _property(name, value) for name, value in job["filter"]))
    for index, item in enumerate(job["documents"]):
        status = {"index": index, "ok": True}
        doc = None
        try:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(item["docx"]), "_blank", 0,
                                               (_property("Hidden", True),))
            if item.get("thai_page_numbers"):
                _thai_page_numbers(doc)
            doc.storeToURL(uno.systemPathToFileUrl(item["pdf"]),
                           (_property("FilterName", "writer_pdf_Export"), _property("FilterData", export)))
        except Exception:
            status = {"index": index, "ok": False, "error": traceback.format_exc()[-2000:]}
        finally:
            if doc is not None:
                try:
                    doc.close(True)
                except Exception:
                    pass
        with open(job["status"], "a", encoding="utf-8") as out:
            out.write(json.dumps(status) + "\n")


def convert(*_args):
    """One job ($ITA_REPORT_JOB), then LibreOffice closes."""
    try:
        _process(os.environ["ITA_REPORT_JOB"])
    finally:
        XSCRIPTCONTEXT.getDesktop().terminate()  # noqa: F821


def serve(*_args):
    """A warm LibreOffice: converts each job file that appears in $ITA_REPORT_QUEUE (NAME.job, then
    renamed NAME.done when its documents are converted) until a file named `stop` appears there, or no
    job came for $ITA_REPORT_IDLE seconds (the caller is gone). Writes `ready` when it starts."""
    import time

    queue = os.environ["ITA_REPORT_QUEUE"]
    idle = float(os.environ.get("ITA_REPORT_IDLE", "600"))
    open(os.path.join(queue, "ready"), "w").close()
    last = time.monotonic()
    try:
        while not os.path.exists(os.path.join(queue, "stop")) and time.monotonic() - last < idle:
            jobs = sorted(name for name in os.listdir(queue) if name.endswith(".job"))
            if not jobs:
                time.sleep(0.02)
                continue
            for name in jobs:
                path = os.path.join(queue, name)
                try:
                    _process(path)
                finally:
                    os.replace(path, path[:-len(".job")] + ".done")
            last = time.monotonic()
    finally:
        XSCRIPTCONTEXT.getDesktop().terminate()  # noqa: F821
