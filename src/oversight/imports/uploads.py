"""Files uploaded through the web page, staged in a private temporary folder.

Only the last part of each file name is kept (no paths from the browser); a
zip of SSD CSV files is unpacked with the same limits as a workbook (no zip
bombs, no encrypted entries), taking only the .csv files at any depth.
"""

from __future__ import annotations

import re
import shutil
import zipfile
import zlib
from pathlib import Path

from oversight.config import section
from oversight.imports.xlsx import WorkbookError, check_zip


class UploadError(Exception):
    pass


def safe_name(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]", "_", base).lstrip(".")[:120]
    return base or "upload"


def stage(files, folder: Path) -> list[Path]:
    """Write uploaded files into FOLDER; unpack a zip. Returns the staged paths."""
    paths: list[Path] = []
    for upload in files:
        path = folder / safe_name(upload.name)
        if path.exists():
            raise UploadError(f"Two uploaded files are named {path.name}.")
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        paths.append(path)
    return paths


def unzip_csvs(archive: Path, folder: Path) -> list[Path]:
    cfg = section("imports")
    limit = int(cfg.get("max_zip_mb", 4096)) * 1024 * 1024
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise UploadError(f"{archive.name} is damaged or is not a real zip file.")
    paths = []
    with zf:
        try:
            infos = check_zip(
                zf,
                f"zip file {archive.name}",
                limit,
                int(cfg.get("max_zip_entries", 1000)),
                int(cfg.get("max_compression_ratio", 1000)),
            )
        except WorkbookError as exc:
            raise UploadError(str(exc))
        for info in infos:
            name = info.filename.replace("\\", "/").split("/")[-1]
            if (
                info.is_dir()
                or name.startswith(".")
                or "__MACOSX" in info.filename
                or not name.lower().endswith(".csv")
            ):
                continue
            path = folder / safe_name(name)
            if path.exists():
                raise UploadError(f"{archive.name} holds two files named {path.name}.")
            try:
                with zf.open(info) as src, open(path, "wb") as out:
                    shutil.copyfileobj(src, out, 1024 * 1024)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError) as exc:
                raise UploadError(f"{archive.name} is damaged: {name} cannot be unpacked ({type(exc).__name__}).")
            paths.append(path)
    return paths
