-- Every change of books.stock is recorded here, so stock = sum(delta) per book.
CREATE TABLE stock_movements (
  id         serial PRIMARY KEY,
  book_id    integer NOT NULL REFERENCES books ON DELETE CASCADE,
  delta      integer NOT NULL CHECK (delta <> 0),
  reason     text NOT NULL CHECK (reason IN ('initial', 'sale', 'restock', 'cancellation', 'correction')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stock_movements_book_idx ON stock_movements (book_id);
