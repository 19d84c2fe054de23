-- The data every test starts from. Ids are assigned in insertion order, so tests may refer to them.

INSERT INTO books (isbn, title, author, genre, price_cents, stock, published_year) VALUES
  ('9780141187761', 'Nineteen Eighty-Four', 'George Orwell', 'fiction', 999, 14, 1949),
  ('9780141036144', 'Animal Farm', 'George Orwell', 'fiction', 799, 9, 1945),
  ('9780261102217', 'The Hobbit', 'J.R.R. Tolkien', 'fantasy', 1299, 7, 1937),
  ('9780261103573', 'The Fellowship of the Ring', 'J.R.R. Tolkien', 'fantasy', 1499, 5, 1954),
  ('9780553418026', 'The Martian', 'Andy Weir', 'science-fiction', 1099, 11, 2011),
  ('9780441172719', 'Dune', 'Frank Herbert', 'science-fiction', 1199, 3, 1965),
  ('9780141439518', 'Pride and Prejudice', 'Jane Austen', 'classics', 699, 20, 1813),
  ('9780141439600', 'Emma', 'Jane Austen', 'classics', 649, 2, 1815),
  ('9780062316097', 'Sapiens', 'Yuval Noah Harari', 'history', 1899, 6, 2011),
  ('9780374533557', 'Thinking, Fast and Slow', 'Daniel Kahneman', 'psychology', 1599, 4, 2011),
  ('9781525290473', 'The Midnight Library', 'Matt Haig', 'fiction', 1099, 0, 2020),
  ('9780593135204', 'Project Hail Mary', 'Andy Weir', 'science-fiction', 1799, 8, 2021);

INSERT INTO customers (email, name, country, created_at) VALUES
  ('ada@example.com', 'Ada Lovelace', 'GB', '2025-11-02T10:00:00Z'),
  ('grace@example.com', 'Grace Hopper', 'US', '2025-11-19T15:30:00Z'),
  ('alan@example.com', 'Alan Turing', 'GB', '2025-12-05T09:12:00Z'),
  ('margaret@example.com', 'Margaret Hamilton', 'US', '2025-12-24T18:45:00Z'),
  ('linus@example.com', 'Linus Torvalds', 'FI', '2026-01-08T08:00:00Z'),
  ('sophie@example.com', 'Sophie Wilson', 'GB', '2026-02-01T12:00:00Z');

INSERT INTO orders (customer_id, status, total_cents, placed_at) VALUES
  (1, 'shipped', 3297, '2026-01-14T11:20:00Z'),
  (1, 'paid', 1199, '2026-02-03T19:05:00Z'),
  (2, 'shipped', 2898, '2026-01-22T08:40:00Z'),
  (3, 'cancelled', 1899, '2026-02-10T16:00:00Z'),
  (5, 'paid', 3297, '2026-02-18T21:15:00Z');

INSERT INTO order_lines (order_id, book_id, quantity, unit_price_cents) VALUES
  (1, 3, 1, 1299),
  (1, 1, 2, 999),
  (2, 6, 1, 1199),
  (3, 5, 1, 1099),
  (3, 12, 1, 1799),
  (4, 9, 1, 1899),
  (5, 3, 2, 1299),
  (5, 7, 1, 699);

INSERT INTO stock_movements (book_id, delta, reason, created_at) VALUES
  (1, 16, 'initial', '2025-11-01T00:00:00Z'),
  (2, 9, 'initial', '2025-11-01T00:00:00Z'),
  (3, 10, 'initial', '2025-11-01T00:00:00Z'),
  (4, 5, 'initial', '2025-11-01T00:00:00Z'),
  (5, 12, 'initial', '2025-11-01T00:00:00Z'),
  (6, 4, 'initial', '2025-11-01T00:00:00Z'),
  (7, 21, 'initial', '2025-11-01T00:00:00Z'),
  (8, 2, 'initial', '2025-11-01T00:00:00Z'),
  (9, 6, 'initial', '2025-11-01T00:00:00Z'),
  (10, 4, 'initial', '2025-11-01T00:00:00Z'),
  (11, 3, 'initial', '2025-11-01T00:00:00Z'),
  (12, 9, 'initial', '2025-11-01T00:00:00Z'),
  (11, -3, 'correction', '2025-12-15T09:00:00Z'),
  (3, -1, 'sale', '2026-01-14T11:20:00Z'),
  (1, -2, 'sale', '2026-01-14T11:20:00Z'),
  (5, -1, 'sale', '2026-01-22T08:40:00Z'),
  (12, -1, 'sale', '2026-01-22T08:40:00Z'),
  (6, -1, 'sale', '2026-02-03T19:05:00Z'),
  (9, -1, 'sale', '2026-02-10T16:00:00Z'),
  (9, 1, 'cancellation', '2026-02-10T17:30:00Z'),
  (3, -2, 'sale', '2026-02-18T21:15:00Z'),
  (7, -1, 'sale', '2026-02-18T21:15:00Z');

INSERT INTO invoices (order_id, number, issued_at) VALUES
  (1, nextval('invoice_numbers'), '2026-01-15T09:00:00Z'),
  (3, nextval('invoice_numbers'), '2026-01-23T09:00:00Z');

INSERT INTO audit_log (entity, entity_id, action, detail, created_at) VALUES
  ('order', 4, 'cancelled', '{"reason": "customer request"}', '2026-02-10T17:30:00Z');
