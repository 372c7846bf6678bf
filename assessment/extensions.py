"""Flask extensions, created here and bound to the app in ``create_app``."""

from typing import TYPE_CHECKING, Any, TypeAlias

from flask_caching import Cache
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session

# Named constraints, so migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)
csrf = CSRFProtect()
cache = Cache()
"""The chart cache: SVGs keyed by the data they show (see reports/figures.py), and report
PDFs keyed by the HTML they were made from (see reports/render.py)."""
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to continue."

# What services accept: a plain session, or Flask-SQLAlchemy's scoped `db.session`.
DbSession: TypeAlias = Session | scoped_session[Any]

if TYPE_CHECKING:
    # Type checkers cannot see that db.Model is a declarative class built on Base.
    class Model(Base):
        __abstract__ = True
else:
    Model = db.Model
