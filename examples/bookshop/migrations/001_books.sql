CREATE TABLE books (
  id             serial PRIMARY KEY,
  isbn           text NOT NULL UNIQUE CHECK (isbn ~ '^\d{13}$'),
  title          text NOT NULL,
  author         text NOT NULL,
  genre          text NOT NULL,
  price_cents    integer NOT NULL CHECK (price_cents >= 0),
  stock          integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  published_year integer
);

CREATE INDEX books_genre_idx ON books (genre);
