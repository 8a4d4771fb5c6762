-- picking up food-loss goods at a shop is an outing, and earns points like a check-in (issue 16)
INSERT INTO points_rule (activity_type, points, daily_cap, monthly_cap) VALUES ('FOOD_PICKUP', 10, 20, 200);
