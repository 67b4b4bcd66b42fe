"""Where a journey stage sits in the customer lifecycle, for data that gives no stage order of its own.

Pure: no Streamlit.
"""

from __future__ import annotations

from . import profiling

#: Lifecycle steps in order, each with the words that name it (folded, any of the seven languages).
LIFECYCLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("awareness", ("aware", "awareness", "discover", "discovery", "research", "search", "learn", "attract", "reach",
                   "notoriete", "decouverte", "descubrimiento", "conocimiento", "entdecken", "bewusstsein",
                   "descoberta", "scoperta", "ontdekken", "orientatie")),
    ("consideration", ("consider", "consideration", "evaluate", "evaluation", "compare", "comparison", "explore",
                       "browse", "shop", "shopping", "quote", "engage", "interest", "consideracion", "evaluacion",
                       "abwagen", "vergleich", "consideracao", "valutazione", "overweging", "vergelijken")),
    ("purchase", ("purchase", "buy", "buying", "order", "ordering", "checkout", "apply", "application", "sign up",
                  "signup", "subscribe", "booking", "book", "join", "enrol", "enroll", "enrolment", "sale", "sales",
                  "convert", "conversion", "achat", "commande", "souscription", "compra", "pedido", "solicitud",
                  "kauf", "bestellung", "antrag", "compra", "acquisto", "ordine", "aankoop", "bestelling", "aanvraag")),
    ("onboarding", ("onboard", "onboarding", "setup", "set up", "install", "installation", "activation", "activate",
                    "welcome", "delivery", "deliver", "shipping", "first use", "getting started", "arrival",
                    "check in", "checkin", "livraison", "installation", "mise en service", "entrega", "instalacion",
                    "lieferung", "einrichtung", "entrega", "consegna", "installazione", "levering", "installatie")),
    ("use", ("use", "usage", "using", "experience", "service", "stay", "flight", "inflight", "in flight", "visit",
             "product", "consume", "travel", "ride", "utilisation", "uso", "nutzung", "utilizzo", "gebruik")),
    ("support", ("support", "help", "get help", "service request", "issue", "problem", "complaint", "complain",
                 "contact", "care", "customer service", "troubleshoot", "repair", "claim", "assistance", "aide",
                 "reclamation", "soporte", "ayuda", "reclamacion", "hilfe", "beschwerde", "suporte", "ajuda",
                 "assistenza", "reclamo", "klantenservice", "klacht")),
    ("billing", ("bill", "billing", "invoice", "payment", "pay", "facturation", "facture", "facturacion", "factura",
                 "rechnung", "zahlung", "fatura", "pagamento", "fatturazione", "betaling", "factuur")),
    ("renewal", ("renew", "renewal", "retention", "retain", "loyalty", "upgrade", "repeat", "repurchase",
                 "renouvellement", "fidelite", "renovacion", "fidelizacion", "verlangerung", "treue", "renovacao",
                 "fidelizacao", "rinnovo", "fedelta", "verlenging", "loyaliteit")),
    ("advocacy", ("advocacy", "advocate", "recommend", "referral", "refer", "review", "share", "recommandation",
                  "recomendacion", "empfehlung", "recomendacao", "raccomandazione", "aanbeveling")),
    ("exit", ("leave", "leaving", "cancel", "cancellation", "churn", "exit", "offboarding", "close account",
              "departure", "resiliation", "baja", "cancelacion", "kundigung", "cancelamento", "disdetta", "opzegging")),
)
_LIFECYCLE_PATTERNS = [(i, profiling.lexicon(*words)) for i, (_, words) in enumerate(LIFECYCLE)]


def lifecycle_rank(stage: str) -> int | None:
    """Where a stage name sits in the customer lifecycle (0 = awareness ... 9 = exit), None if unknown.

    'Discover', 'Research & compare', 'Apply online', 'Get help', 'Renew' are placed by their
    words. When a name holds words of several steps, the word that comes first in the name
    decides ('Delivery issue' is onboarding).
    """
    words = " ".join(profiling.header_words(stage))
    best: tuple[int, int] | None = None  # (position in the name, step)
    for step, pattern in _LIFECYCLE_PATTERNS:
        m = pattern.search(words)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), step)
    return best[1] if best else None


#: Stages are put in lifecycle order only when at least this share of them is named by a lifecycle word.
LIFECYCLE_MIN_SHARE = 0.6


def lifecycle_order(stages: list[str]) -> list[str]:
    """Stages whose names place them in the lifecycle sorted among themselves; the others keep their places.

    ['Use', 'Airport', 'Discover'] -> ['Discover', 'Airport', 'Use']: the recognised stages swap slots,
    'Airport' (no lifecycle word) stays second.
    """
    ranks = {s: lifecycle_rank(s) for s in stages}
    slots = [i for i, s in enumerate(stages) if ranks[s] is not None]
    if len(slots) < 2 or len(slots) < LIFECYCLE_MIN_SHARE * len(stages):
        return list(stages)  # product lines or regions as 'stages': a few chance words are no journey
    placed = sorted((stages[i] for i in slots), key=lambda s: ranks[s])  # stable for ties
    out = list(stages)
    for i, stage in zip(slots, placed):
        out[i] = stage
    return out
