"""The response schema of the sweep's HTTP entrypoint."""

from __future__ import annotations

from marshmallow import Schema, fields


class SweepResultSchema(Schema):
    """``POST /reviews/sweep``: alerts this sweep raised (each alert is raised once, ever)."""

    raised = fields.Dict(keys=fields.String(), values=fields.Integer())
