from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common_selfservice import DealerPortalSelfServiceCommon


@tagged("post_install", "-at_install")
class TestDealerApiQueries(DealerPortalSelfServiceCommon):
    """The API's lists cost a fixed number of queries per page."""

    def _queries(self, func):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def test_catalog_page_queries_do_not_grow_with_the_page_size(self):
        api = self.env["dealer.api"].with_user(self.user_a_desk)
        # The saw alone (it has a running scheme, priced twice), then the
        # whole catalog of five products around it.
        api._api_catalog(limit=1, page=4)  # warms the registry caches
        small = self._queries(lambda: api._api_catalog(limit=1, page=4))
        self.assertEqual([i["sku"] for i in api._api_catalog(limit=1, page=4)[1]["items"]], ["DC-SAW"])
        large = self._queries(lambda: api._api_catalog(limit=5))
        self.assertEqual(small, large)
        self.assertEqual(len(api._api_catalog(limit=5)[1]["items"]), 5)

    def test_document_list_queries_do_not_grow_with_the_page_size(self):
        api = self.env["dealer.api"].with_user(self.user_a_fin)
        api._api_documents("invoice", limit=1)
        small = self._queries(lambda: api._api_documents("invoice", limit=1))
        large = self._queries(lambda: api._api_documents("invoice", limit=10))
        self.assertEqual(len(api._api_documents("invoice", limit=10)[1]["items"]), 2)
        self.assertEqual(small, large)
