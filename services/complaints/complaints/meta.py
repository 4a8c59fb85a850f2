"""The one MetaData every complaints table joins (complaint_tables, desk_tables)."""

from sqlalchemy import MetaData

metadata = MetaData()
