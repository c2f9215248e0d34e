-- The first PostgreSQL catalog schema: the same tables as SQLite's, with
-- tags as an array and the search words as a tsvector (GIN-indexed).
-- Keys sort byte-wise (COLLATE "C"), as SQLite sorts them, whatever the
-- database's locale.
CREATE TABLE entities (
	id          bigint PRIMARY KEY,
	key         text COLLATE "C" NOT NULL UNIQUE,
	ref         text NOT NULL,
	kind        text NOT NULL,
	namespace   text NOT NULL,
	name        text NOT NULL,
	title       text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	type        text NOT NULL DEFAULT '',
	lifecycle   text NOT NULL DEFAULT '',
	owner       text NOT NULL DEFAULT '',
	system      text NOT NULL DEFAULT '',
	location    text NOT NULL DEFAULT '',
	origin      text NOT NULL DEFAULT '',
	doc         text NOT NULL,
	hash        text NOT NULL,
	tags        text[] NOT NULL DEFAULT '{}',
	search      tsvector NOT NULL,
	created_at  bigint NOT NULL,
	updated_at  bigint NOT NULL
);
CREATE INDEX entities_name ON entities (lower(name));
CREATE INDEX entities_owner ON entities (owner);
CREATE INDEX entities_system ON entities (system);
CREATE INDEX entities_origin ON entities (origin);
CREATE INDEX entities_tags ON entities USING gin (tags);
CREATE INDEX entities_search ON entities USING gin (search);
CREATE TABLE relations (
	entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
	type      text NOT NULL,
	target    text COLLATE "C" NOT NULL,
	PRIMARY KEY (entity_id, type, target)
);
CREATE INDEX relations_target ON relations (target);
CREATE TABLE scores (
	id         bigserial PRIMARY KEY,
	entity_key text COLLATE "C" NOT NULL,
	rubric     text NOT NULL,
	level      text NOT NULL,
	score      double precision NOT NULL,
	passed     integer NOT NULL,
	failed     integer NOT NULL,
	total      integer NOT NULL,
	at         bigint NOT NULL,
	report     text
);
CREATE INDEX scores_entity ON scores (entity_key, at DESC, id DESC);
