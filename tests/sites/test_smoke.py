def test_network_home_pages_answer(network, portal_client):
    for portal in (network.province, network.ward_a):
        response = portal_client(portal).get("/")
        assert response.status_code == 200
        assert portal.name in response.content.decode()
