"""Each service of the registry (briefkit/render/services/) that `briefkit publish` can put a campaign into, keyed
by the registry's key; a service with a campaign but no drafts says instead why publish refuses (its no_publish)."""

from __future__ import annotations

from briefkit.sending.publish.base import Publisher
from briefkit.sending.publish.buttondown import Buttondown
from briefkit.sending.publish.listmonk import Listmonk
from briefkit.sending.publish.mailchimp import Mailchimp

PUBLISHERS: dict[str, Publisher] = {
    publisher.service.key: publisher for publisher in (Listmonk(), Buttondown(), Mailchimp())
}
