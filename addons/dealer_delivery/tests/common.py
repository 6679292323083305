from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.dealer_pricing.tests.common import DealerCommon, publish


class DealerDeliveryCommon(DealerCommon):
    """The delivery layer, on top of ``DealerCommon``: its company (whose
    own warehouse is the company default) and list-price price list; three
    more warehouses, one per delivery step set-up; tiers, dealers and
    storable products of its own. The tests never lean on demo records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Delivery stages are followed in the chatter: tracking stays on.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company.write({"dealer_stock_mode": "realtime", "dealer_low_stock_threshold": 5.0})
        Warehouse = cls.env["stock.warehouse"]
        cls.wh_1step = Warehouse.create({"name": "DD One Step", "code": "DD1", "delivery_steps": "ship_only"})
        cls.wh_2step = Warehouse.create({"name": "DD Two Steps", "code": "DD2", "delivery_steps": "pick_ship"})
        cls.wh_3step = Warehouse.create({"name": "DD Three Steps", "code": "DD3", "delivery_steps": "pick_pack_ship"})
        cls.categ = cls.env["product.category"].create({"name": "DD Pumps"})
        # List prices: the base layer's public price list.
        cls.pricelist = cls.pricelist_public
        Tier = cls.env["dealer.tier"]
        cls.tier = Tier.create(
            {
                "name": "DD Silver",
                "code": "DDSILVER",
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [(6, 0, cls.categ.ids)],
            }
        )
        cls.tier_backorder = Tier.create(
            {
                "name": "DD Gold",
                "code": "DDGOLD",
                "pricelist_id": cls.pricelist.id,
                "categ_ids": [(6, 0, cls.categ.ids)],
                "dealer_allow_backorder": True,
            }
        )
        Product = cls.env["product.product"]
        cls.product_a = publish(
            Product.create(
                {
                    "name": "Booster Pump",
                    "default_code": "BP-220",
                    "is_storable": True,
                    "type": "consu",
                    "categ_id": cls.categ.id,
                    "list_price": 100.0,
                    "sale_ok": True,
                }
            )
        )
        cls.product_b = publish(
            Product.create(
                {
                    "name": "Pressure Tank",
                    "default_code": "PT-50",
                    "is_storable": True,
                    "type": "consu",
                    "categ_id": cls.categ.id,
                    "list_price": 80.0,
                    "sale_ok": True,
                }
            )
        )
        cls.product_c = publish(
            Product.create(
                {
                    "name": "Control Valve",
                    "default_code": "CV-10",
                    "is_storable": True,
                    "type": "consu",
                    "categ_id": cls.categ.id,
                    "list_price": 20.0,
                    "sale_ok": True,
                }
            )
        )
        cls.service = publish(
            Product.create(
                {
                    "name": "Installation",
                    "default_code": "SRV-1",
                    "type": "service",
                    "categ_id": cls.categ.id,
                    "list_price": 50.0,
                    "sale_ok": True,
                }
            )
        )
        cls.dealer = cls.env["res.partner"].create(
            {
                "name": "DD Pumps & Co",
                "is_company": True,
                "is_dealer": True,
                "dealer_tier_id": cls.tier.id,
                "dealer_warehouse_id": cls.wh_1step.id,
                "email": "orders@ddpumps.example",
            }
        )
        cls.dealer_contact = cls.env["res.partner"].create(
            {
                "name": "Dana Buyer",
                "parent_id": cls.dealer.id,
                "email": "dana@ddpumps.example",
                "type": "contact",
            }
        )
        cls.dealer_user = new_test_user(
            cls.env,
            login="dd_dealer_user",
            groups="base.group_portal",
            name="Dana Buyer",
            email="dana@ddpumps.example",
            partner_id=cls.dealer_contact.id,
        )

        cls.dd_sales_manager = new_test_user(
            cls.env, login="dd_sales_manager", groups="sales_team.group_sale_manager", name="Dora Manager"
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _confirm(cls, order):
        """Confirm a dealer order the way the back office does: Submit; what
        the checks block here (these tests' stock on purpose) is overridden
        by a sales manager with a reason. Never native Confirm."""
        result = order.action_dealer_submit(channel="backoffice")
        if result["outcome"] == "blocked":
            order.with_user(cls.dd_sales_manager).action_dealer_override("Test set-up")
        assert order.state == "sale", (order.name, result)
        return order

    @classmethod
    def _set_stock(cls, product, warehouse, qty):
        cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, qty)

    @classmethod
    def _make_order(cls, lines, warehouse=None, partner=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.dealer_contact).id,
                "warehouse_id": (warehouse or cls.wh_1step).id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty}) for product, qty in lines],
            }
        )
        return order

    @classmethod
    def _receipt(cls, product, warehouse, qty, days):
        """A confirmed receipt of ``qty`` due in ``days`` days."""
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "scheduled_date": fields.Datetime.now() + timedelta(days=days),
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                            "date": fields.Datetime.now() + timedelta(days=days),
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def _validate(self, picking, quantities=None):
        """Validate ``picking`` with ``quantities`` ({product: qty}, default
        the full demand); the rest becomes a backorder."""
        picking.action_assign()
        for move in picking.move_ids:
            qty = quantities.get(move.product_id, move.product_uom_qty) if quantities else move.product_uom_qty
            move.quantity = qty
            move.picked = True
        picking._action_done()
        return picking

    def _customer_pickings(self, order):
        return order.picking_ids.filtered(lambda p: p._dealer_is_customer_delivery())

    def _event(self, picking, stage, minutes=0, **vals):
        return self.env["dealer.delivery.event"].create(
            {
                "picking_id": picking.id,
                "stage": stage,
                "event_time": fields.Datetime.now() + timedelta(minutes=minutes),
                **vals,
            }
        )


class DealerDeliveryHttpCommon(HttpCase, DealerDeliveryCommon):
    """The delivery layer for tests that call routes (carrier webhooks, tours)."""
