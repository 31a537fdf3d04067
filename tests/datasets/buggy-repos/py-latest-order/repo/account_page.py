"""Renders the account page of a customer who signed up today."""
from orders.history import latest_order, lifetime_value

orders = []
print("lifetime value:", lifetime_value(orders))
print("latest order:", latest_order(orders))
