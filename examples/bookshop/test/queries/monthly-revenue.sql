SELECT to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
       count(*)::int AS orders,
       sum(total_cents)::int AS revenue_cents
  FROM orders
 WHERE status <> 'cancelled'
 GROUP BY 1
 ORDER BY 1
