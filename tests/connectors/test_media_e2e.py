"""An image read through @modelcontextprotocol/server-filesystem behind the stdio wrapper: repainted."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp import types
from PIL import Image

from tests.connectors.live import Live, live_session, node_server, wrap_params
from tests.media.fixtures import encode, text_image
from tests.media.helpers import ocr_text

pytestmark = pytest.mark.timeout(120)

SSN = "536-22-8741"
EMAIL = "grace.hopper@example.org"


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("media-files")
    (root / "scan.png").write_bytes(
        encode(text_image((f"SSN {SSN}", f"Reply to {EMAIL}", "Status: approved")))
    )
    return root


@pytest.fixture(scope="module")
def live(media_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    params = wrap_params(
        [node_server("mcp-server-filesystem"), str(media_root)], tmp_path_factory.mktemp("dlp")
    )
    with live_session(params) as session:
        yield session


def test_read_media_file_returns_the_image_with_values_painted_out(live: Live, media_root: Path) -> None:
    result = live.call(live.session.call_tool, "read_media_file", {"path": str(media_root / "scan.png")})
    assert not result.is_error
    images = [c for c in result.content if isinstance(c, types.ImageContent)]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    data = base64.b64decode(images[0].data)
    assert Image.open(io.BytesIO(data)).size == Image.open(media_root / "scan.png").size
    seen = ocr_text(data)
    assert "approved" in seen
    assert SSN not in seen and EMAIL not in seen and "8741" not in seen
