CREATE TABLE orders (
  id          serial PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers ON DELETE CASCADE,
  status      text NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'shipped', 'cancelled')),
  total_cents integer NOT NULL CHECK (total_cents >= 0),
  placed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_lines (
  order_id         integer NOT NULL REFERENCES orders ON DELETE CASCADE,
  book_id          integer NOT NULL REFERENCES books,
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, book_id)
);

CREATE INDEX orders_customer_idx ON orders (customer_id);
