/* throttle — see throttle.h. */
#include "domain/throttle.h"

const throttle_rule THROTTLE_LOGIN = {
	.free_failures = 3, .first_delay = 1, .cap = 15 * 60, .forget_after = 24 * 3600};
const throttle_rule THROTTLE_ADDRESS = {
	.free_failures = 10, .first_delay = 1, .cap = 5 * 60, .forget_after = 24 * 3600};

int64_t throttle_delay(const throttle_rule *rule, uint32_t failures)
{
	if (failures <= rule->free_failures)
		return 0;
	uint32_t doublings = failures - rule->free_failures - 1;
	int64_t d = rule->first_delay;
	/* Doubling stops at the cap, so no shift can overflow. */
	for (uint32_t i = 0; i < doublings && d < rule->cap; i++)
		d *= 2;
	return d < rule->cap ? d : rule->cap;
}

void throttle_fail(throttle_counter *c, const throttle_rule *rule, int64_t now)
{
	if (c->failures && now - c->last_failure >= rule->forget_after)
		c->failures = 0;
	if (c->failures < UINT32_MAX)
		c->failures++;
	/* A clock set back never moves a delay earlier. */
	if (now > c->last_failure || c->failures == 1)
		c->last_failure = now;
}

void throttle_succeed(throttle_counter *login_address)
{
	login_address->failures = 0;
	login_address->last_failure = 0;
}

int64_t throttle_counter_next(const throttle_counter *c, const throttle_rule *rule)
{
	if (!c->failures)
		return INT64_MIN;
	return c->last_failure + throttle_delay(rule, c->failures);
}

int64_t throttle_next_attempt(const throttle_counter *login_address,
			      const throttle_counter *address, int device_trusted)
{
	int64_t next = throttle_counter_next(address, &THROTTLE_ADDRESS);
	if (!device_trusted) {
		int64_t l = throttle_counter_next(login_address, &THROTTLE_LOGIN);
		next = l > next ? l : next;
	}
	return next;
}

int64_t throttle_retry_after(int64_t next, int64_t now)
{
	return next > now ? next - now : 0;
}
