"""Generated replicas of real public CX data files.

Each public function is named after a manifest entry id and returns the bytes of
a file that has the same layout as the real file (headers in the same order,
codes, value sets, scales, encodings, delimiters, decimal marks, title rows,
blank/NA codes and quirks) but synthetic, deterministic values.  The real files
could not be copied because their licence does not clearly allow it; see
manifest.json for the source of each one.

Nothing here reads the network or the disk.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import random
import string

__all__ = []  # filled by _export


def _export(fn):
    __all__.append(fn.__name__)
    return fn


# ---------------------------------------------------------------- helpers

def _fmt(v, decimal="."):
    if v is None:
        return ""
    if isinstance(v, float):
        s = repr(round(v, 6))
        if s.endswith(".0") and False:
            s = s[:-2]
        return s.replace(".", decimal) if decimal != "." else s
    return str(v)


def _csv(header, rows, *, sep=",", encoding="utf-8", decimal=".", bom=False,
         newline="\n", quoting=csv.QUOTE_MINIMAL, preamble=(), trailer=()) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline, quoting=quoting)
    for line in preamble:
        w.writerow(line)
    if header is not None:
        w.writerow(header)
    for r in rows:
        w.writerow([_fmt(v, decimal) for v in r])
    for line in trailer:
        w.writerow(line)
    text = buf.getvalue()
    data = text.encode(encoding)
    if bom and encoding.replace("-", "").lower() == "utf8":
        data = b"\xef\xbb\xbf" + data
    return data


def _xlsx(sheets) -> bytes:
    """sheets: list of (name, rows) where rows is a list of lists (first rows may be titles)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "nan_inf_to_errors": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    dt_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
    for name, rows in sheets:
        ws = wb.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, tuple) and str(v[0]).startswith("="):
                    ws.write_formula(i, j, v[0], None, v[1])  # formula with a cached value
                elif isinstance(v, _dt.datetime):
                    ws.write_datetime(i, j, v, dt_fmt)
                elif isinstance(v, _dt.date):
                    ws.write_datetime(i, j, _dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, _dt.time):
                    ws.write_datetime(i, j, v, time_fmt)
                else:
                    ws.write(i, j, v)
    wb.close()
    return buf.getvalue()


def _w(rng, values, weights):
    return rng.choices(values, weights=weights, k=1)[0]


def _maybe(rng, p, v):
    return None if rng.random() < p else v


def _hexid(rng, n=32):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _date(rng, start, end):
    d0 = _dt.date.fromisoformat(start)
    d1 = _dt.date.fromisoformat(end)
    return d0 + _dt.timedelta(days=rng.randrange((d1 - d0).days + 1))


def _dtime(rng, start, end):
    d = _date(rng, start, end)
    return _dt.datetime(d.year, d.month, d.day, rng.randrange(24), rng.randrange(60), rng.randrange(60))


def _likert(rng, lo, hi, mean, spread=1.0):
    v = round(rng.gauss(mean, spread))
    return max(lo, min(hi, v))


def _words(rng, vocab, k):
    return " ".join(rng.choice(vocab) for _ in range(k))


FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
         "Charles", "Karen", "Emma", "Olivia", "Noah", "Liam", "Ava", "Mia", "Ethan", "Sophia"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson"]

EN_POS = ["great", "friendly staff", "fast delivery", "clean room", "excellent service", "would recommend",
          "good value", "easy to use", "very helpful", "comfortable", "nice location", "quick response"]
EN_NEG = ["slow", "rude staff", "dirty", "late delivery", "overpriced", "broken", "never again",
          "long wait", "poor quality", "not as described", "no response", "billing error"]


def _en_text(rng, score, lo=1, hi=5):
    mid = (lo + hi) / 2
    pool = EN_POS if score > mid else EN_NEG if score < mid else EN_POS + EN_NEG
    n = rng.randint(1, 4)
    parts = [rng.choice(pool) for _ in range(n)]
    return (", ".join(parts)).capitalize() + rng.choice([".", "!", "", "..."])


# ---------------------------------------------------------------- entries

@_export
def hotel_guest_survey_xlsx() -> bytes:
    """rh133/hotel-guest-experience-project guest_satisfaction_survey_responses.xlsx (5 sheets)."""
    rng = random.Random(101)
    about = [
        ["Disclaimer ", "This dataset was created to simulate a real-world scenario where a hotel chain "
                        "experiences a drop in guest satisfaction (replica text)."],
        [None, None], [None, None],
        ["Survey Notes and Design Highlights", "The overall satisfaction flag is self-reported and does not "
                                               "always align with the numeric average of ratings."],
        [None, "Membership tiers range from Bronze to Platinum."],
        [None, 'The "avg_ratings" column is not self-reported, but calculated from the individual ratings.'],
        [None, "The main_reason_satisfaction question is only asked if the guest marks Satisfied."],
        [None, "Similarly, main_reason_dissatisfaction is only asked if the guest marks Dissatisfied"],
    ]
    props = ["SPTX", "SPNJ", "SPNY", "SPLA", "SPFL"]
    rooms = ["RT738", "RT729", "RT254", "RT956", "RT235"]
    sat_r = ["Exceptional service", "Clean and comfortable room", "Great value for money",
             "Excellent location", "High food quality", "Fast and easy check-in"]
    dis_r = ["Room cleanliness", "Long check-in process", "Room/bedding comfort", "Poor service",
             "Limited amenities", "Food quality was disappointing"]
    members = ["MBR%06d" % n for n in sorted(rng.sample(range(100000), 600))]
    hdr = ["reservation_number", "reservation_date", "property_code", "room_type_code", "membership_id",
           "visit_purpose", "satisfied_or_dissatisfied", "main_reason_satisfaction",
           "main_reason_dissatisfaction", "food_quality_rating", "checkin_rating", "checkout_rating",
           "staff_friendliness", "room_cleanliness", "avg_ratings"]
    rows = [hdr]
    for i in range(800):
        sat = rng.random() < 0.51
        r = [_likert(rng, 1, 5, 4 if sat else 3.2, 1.2) for _ in range(5)]
        rows.append([rng.randrange(100000, 99999999), 45292 + rng.randrange(365),  # raw Excel serials
                     _w(rng, props, [5, 3, 4, 3, 7]), rng.choice(rooms),
                     None if rng.random() < 0.21 else rng.choice(members),
                     None if rng.random() < 0.002 else rng.choice(["Leisure", "Business"]),
                     "Satisfied" if sat else "Dissatisfied",
                     rng.choice(sat_r) if sat else None, None if sat else _w(rng, dis_r, [8, 4, 3, 2, 1, 1]),
                     *r, round(sum(r) / 5, 1)])
    mem = [["membership_id", "membership_tier", "guest_age"]]
    for m in members:
        mem.append([m, _w(rng, ["Bronze", "Silver", "Gold", "Platinum"], [40, 26, 21, 13]), rng.randint(20, 70)])
    room = [["room_type", "room_code", "Mattress Type", "Pillow Type", "Duvet Type", "Bedsheets Type",
             "Coffee Machine", "Kettle", "Hairdryer", "Room Size (sqm)", "TV Size", "Wi-Fi"],
            ["1-Bedroom Suite", "RT738", "Memory Foam", "Memory Foam", "Goose Down", "Egyptian Cotton",
             "Yes (Nespresso)", "Yes", "Yes", 50, '55"', "Yes"],
            ["Standard Queen", "RT729", "Hybrid Mattresses", "Down Filling", "Cotton Blend", "100% Cotton",
             "Yes (Keurig)", None, None, 25, '49"', "Yes"],
            ["Standard King", "RT254", "Hybrid Mattresses", "Synthetic Hypoallergenic Filling", "Cotton Blend",
             "100% Cotton", "Yes (Keurig)", "Yes", "Yes", 28, '49"', "Yes"],
            ["Standard Twin", "RT956", "Innerspring Mattresses", "Down Filling", "Cotton Blend", "100% Cotton",
             "Yes (Keurig)", "Yes", "Yes", 30, '49"', "Yes"],
            ["2-Bedroom Suite", "RT235", "Memory Foam", "Feather", "Goose Down", "Egyptian Cotton",
             "Yes (Nespresso)", "Yes", "Yes", 70, '65"', "Yes"]]
    prop = [["property_code", "hotel_name "], ["SPTX", "Serenity Houston Hotel"], ["SPNJ", "Serenity New Jersy Hotel"],
            ["SPNY", "Serenity New York City Hotel"], ["SPLA", "Serenity Los Angelos Hotel"],
            ["SPFL", "Serenity Miami Hotel"]]
    return _xlsx([("about_this _data", about), ("survey_responses", rows), ("memberships_information", mem),
                  ("room_details", room), ("properties_info", prop)])


@_export
def hotel_sat_wide_r() -> bytes:
    """rithubeedu/Regression-Modelling hotelsat-data.csv (Chapman & Feit hotel satisfaction data)."""
    rng = random.Random(102)
    sat_cols = ["satCleanRoom", "satCleanBath", "satCleanCommon", "satFrontStaff", "satDiningStaff",
                "satHouseStaff", "satValetStaff", "satPerks", "satRoomPrice", "satDiningPrice", "satWifiPrice",
                "satParkingPrice", "satCity", "satCloseTransp", "satCloseEvents", "satPoints",
                "satRecognition", "satOverall"]
    hdr = sat_cols + ["distanceTraveled", "nightsStayed", "visitPurpose", "avgRoomSpendPerNight",
                      "avgFoodSpendPerNight", "avgWifiSpendPerNight", "eliteStatus"]
    rows = []
    for _ in range(1000):
        base = rng.gauss(4, 0.7)
        r = [_likert(rng, 1, 7, base, 1.0) for _ in sat_cols]
        nights = max(1, min(20, int(rng.expovariate(1 / 3.5)) + 1))
        wifi = round(rng.choice([0.0, 7.95, 9.95, 14.95]) * rng.randint(0, nights) / nights, 14)
        rows.append(r + [int(rng.lognormvariate(6.2, 0.9)) + 18, nights,
                         _w(rng, ["Business", "SportsEvent", "Vacation", "Conference", "Concert", "OtherOrMixed"],
                            [387, 354, 209, 199, 183, 168]),
                         float(rng.randrange(119, 200)), round(max(0, rng.gauss(24, 15)), 2), wifi,
                         _w(rng, ["NoStatus", "Silver", "Gold", "Platinum"], [544, 504, 304, 148])])
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    w.writerow(hdr)
    for r in rows:
        w.writerow([int(v) if isinstance(v, float) and v.is_integer() and i != 3 + len(sat_cols) else v
                    for i, v in enumerate(r)])
    return buf.getvalue().encode("utf-8")


@_export
def ecommerce_churn_xlsx() -> bytes:
    """weilai0807/E-Commerce_Customer_Behaviour_Analysis Dataset/E Commerce Dataset.xlsx."""
    rng = random.Random(103)
    hdr = ["CustomerID", "Churn", "Tenure", "PreferredLoginDevice", "CityTier", "WarehouseToHome",
           "PreferredPaymentMode", "Gender", "HourSpendOnApp", "NumberOfDeviceRegistered", "PreferedOrderCat",
           "SatisfactionScore", "MaritalStatus", "NumberOfAddress", "Complain", "OrderAmountHikeFromlastYear",
           "CouponUsed", "OrderCount", "DaySinceLastOrder", "CashbackAmount", "Age", "TotalSpent",
           "MembershipLevel", "FreqofWebsiteVisits", "Occupation"]
    rows = [hdr]
    for i in range(1500):
        churn = 1 if rng.random() < 0.168 else 0
        rows.append([
            50001 + i, churn, _maybe(rng, 0.047, float(min(61, int(rng.expovariate(1 / 9))))),
            _w(rng, ["Mobile Phone", "Computer", "Phone"], [2765, 1634, 1231]), _w(rng, [1, 2, 3], [3666, 242, 1722]),
            _maybe(rng, 0.045, float(rng.randint(5, 36))),
            _w(rng, ["Debit Card", "Credit Card", "E wallet", "UPI", "COD", "CC", "Cash on Delivery"],
               [2314, 1501, 614, 414, 365, 273, 149]), _w(rng, ["Male", "Female"], [3384, 2246]),
            _maybe(rng, 0.045, float(_w(rng, [0, 1, 2, 3, 4, 5], [3, 35, 1471, 2687, 1176, 3]))),
            _w(rng, [1, 2, 3, 4, 5, 6], [235, 276, 1699, 2377, 881, 162]),
            _w(rng, ["Laptop & Accessory", "Mobile Phone", "Fashion", "Mobile", "Grocery", "Others"],
               [2050, 1271, 826, 809, 410, 264]),
            _w(rng, [1, 2, 3, 4, 5], [1164, 586, 1698, 1074, 1108]), _w(rng, ["Married", "Single", "Divorced"], [2986, 1796, 848]),
            rng.randint(1, 11), 1 if rng.random() < 0.285 else 0, _maybe(rng, 0.047, float(rng.randint(11, 26))),
            _maybe(rng, 0.045, float(min(16, int(rng.expovariate(1 / 1.7))))),
            _maybe(rng, 0.046, float(min(16, int(rng.expovariate(1 / 3)) + 1))),
            _maybe(rng, 0.055, float(min(46, int(rng.expovariate(1 / 4.5))))),
            round(rng.uniform(110, 325), 2), rng.randint(15, 67), rng.randint(1, 9998),
            _maybe(rng, 0.047, _w(rng, ["Bronze", "Silver", "Gold", "Platinum"], [3986, 1327, 49, 4])),
            rng.randint(1, 78), rng.choice(["Entrepreneur", "Engineer", "Cashier", "Chef", "Factory Worker", "Teacher",
                                            "Taxi Driver", "Salesman", "Student", "Nurse", "Doctor", "Clerk"])])
    return _xlsx([("E Commerce Dataset", rows)])


FR_MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"]
FR_POS = ["livraison rapide", "recettes délicieuses", "produits frais", "service client réactif",
          "très pratique", "bon rapport qualité prix", "je recommande", "box bien emballée"]
FR_NEG = ["trop cher", "abonnement impossible à arrêter", "produits abîmés", "livraison en retard",
          "service client injoignable", "ingrédients manquants", "déçue", "remboursement refusé"]


@_export
def fr_hellofresh_verbatims() -> bytes:
    """diallomamadoub/customers csv/verbatims.csv (French Trustpilot reviews, ';' separated, note '3,5')."""
    rng = random.Random(104)
    hdr = ["auteur", "opinion", "commentaire", "note", "date"]
    rows = []
    for _ in range(1200):
        note = _w(rng, ["5", "4", "3", "1", "2", "3,5"], [4350, 2956, 1327, 1128, 579, 574])
        pool = FR_POS if note in ("4", "5") else FR_NEG
        op = rng.choice(pool).capitalize() + rng.choice(["…", "", " !"])
        com = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6))).capitalize() + "."
        d = _date(rng, "2021-01-01", "2023-07-31")
        name = rng.choice(["Julien", "Vanessa", "Karine", "Céline ", "Marine", "Sophie", "Nicolas", "Aurélie",
                           "jean-marc", "Client", "Estelle B."])
        rows.append([name, op, com, note, " %02d %s %d" % (d.day, FR_MOIS[d.month - 1], d.year)])
    return _csv(hdr, rows, sep=";")


def _mojibake(s):
    # the stored copy is UTF-8 text that was decoded as cp1252/latin-1 and re-encoded as UTF-8
    try:
        return s.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return s.encode("utf-8").decode("latin-1")


PT_POS = ["Recebi bem antes do prazo", "Produto de ótima qualidade", "Parabéns", "Recomendo o vendedor",
          "Entrega rápida", "Tudo certo", "Muito bom", "Ótimo", "Chegou no prazo", "Satisfeita"]
PT_NEG = ["Não recebi o produto", "Péssimo", "Produto com defeito", "Atrasou muito", "Não gostei",
          "Veio faltando peças", "Pedi reembolso e sem resposta", "Não recomendo"]


@_export
def olist_reviews_pt() -> bytes:
    """Olist order reviews (Brazilian e-commerce), copy re-saved through Excel: d/m/Y H:MM dates, mojibake."""
    rng = random.Random(105)
    hdr = ["review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
           "review_creation_date", "review_answer_timestamp"]
    rows = []
    for _ in range(1500):
        score = _w(rng, [5, 4, 3, 2, 1], [57, 19, 8, 3, 13])
        pool = PT_POS if score >= 4 else PT_NEG
        title = _mojibake(rng.choice(pool)) if rng.random() < 0.12 else None
        msg = None
        if rng.random() < 0.41:
            msg = _mojibake(", ".join(rng.choice(pool) for _ in range(rng.randint(1, 3))))
            if rng.random() < 0.1:
                msg += "\n" + _mojibake(rng.choice(pool))
        d = _date(rng, "2016-10-01", "2018-08-31")
        a = _dt.datetime(d.year, d.month, d.day) + _dt.timedelta(minutes=rng.randint(60, 60 * 24 * 6))
        rows.append([_hexid(rng), _hexid(rng), score, title, msg,
                     "%02d/%02d/%d 0:00" % (d.day, d.month, d.year),
                     "%02d/%02d/%d %d:%02d" % (a.day, a.month, a.year, a.hour, a.minute)])
    return _csv(hdr, rows)


@_export
def comcast_complaints() -> bytes:
    """Comcast telecom consumer complaints (Comcast_telecom_complaints_data.csv)."""
    rng = random.Random(106)
    hdr = ["Ticket #", "Customer Complaint", "Date", "Date_month_year", "Time", "Received Via", "City", "State",
           "Zip code", "Status", "Filing on Behalf of Someone"]
    subj = ["Comcast Cable Internet Speeds", "Data Caps", "Billing issue", "Comcast", "Internet speed",
            "Horrible customer service", "Service outage", "Comcast data cap", "Overbilling", "No Service",
            "Unfair Billing Practices", "Internet Disconnects Every Night", "Comcast Internet"]
    # The real column is a title each customer wrote: 1,840 distinct of 2,224 (31 characters, 4.6 words
    # on average), a few repeated verbatim ('Comcast', 'Data Caps'). Titles are composed to match.
    what = ["internet speed", "data cap", "billing", "service outage", "customer service", "hidden fees",
            "equipment charges", "cable service", "contract", "modem rental", "Xfinity account", "late fee",
            "installation appointment", "price increase", "throttling"]
    how = ["Comcast {}", "Unfair {} practices", "Problems with {}", "{} complaint", "Poor {} for months",
           "Issue with {} and no resolution", "Comcast {} not as promised", "Deceptive {}", "{} keeps failing",
           "Complaint about {} in {city}", "Charged twice for {}", "{} after moving to {city}"]
    places = [("Atlanta", "Georgia", 30309), ("Alpharetta", "Georgia", 30022), ("Arlington", "Virginia", 22206),
              ("Chicago", "Illinois", 60614), ("Houston", "Texas", 77002), ("Seattle", "Washington", 98101),
              ("Denver", "Colorado", 80202), ("Boston", "Massachusetts", 2134), ("Miami", "Florida", 33101),
              ("Philadelphia", "Pennsylvania", 19103), ("Amesbury", "Massachusetts", 1913)]
    rows = []
    mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for _ in range(1200):
        d = _date(rng, "2015-04-01", "2015-06-30") if rng.random() < 0.8 else _date(rng, "2015-01-01", "2015-12-31")
        # the real file mixes day-first (Date) with month-name (Date_month_year) for the same day
        h = rng.randrange(1, 13)
        c, s, z = rng.choice(places)
        title = rng.choice(subj) if rng.random() < 0.12 else \
            rng.choice(how).format(rng.choice(what), city=rng.choice(places)[0]).capitalize()
        if title not in subj and rng.random() < 0.75:
            title += rng.choice([f" since {rng.choice(mon)}", f" for {rng.randint(2, 9)} weeks",
                                 f" (${rng.randint(20, 400)})", f", {rng.randint(2, 12)} calls",
                                 f" - paying for {rng.choice([25, 50, 75, 105])}Mbps"])
        rows.append([rng.randint(211000, 380000), title, d.strftime("%d-%m-%y"),
                     "%02d-%s-%s" % (d.day, mon[d.month - 1], d.strftime("%y")),
                     "%d:%02d:%02d %s" % (h, rng.randrange(60), rng.randrange(60), rng.choice(["AM", "PM"])),
                     rng.choice(["Customer Care Call", "Internet"]), c, s, z,
                     _w(rng, ["Solved", "Closed", "Open", "Pending"], [973, 734, 363, 154]),
                     _w(rng, ["No", "Yes"], [2021, 203])])
    return _csv(hdr, rows)


@_export
def support_tickets_interactions() -> bytes:
    """Kaggle 'Customer Support Ticket Dataset' customer_support_tickets.csv (synthetic upstream too)."""
    rng = random.Random(107)
    hdr = ["Ticket ID", "Customer Name", "Customer Email", "Customer Age", "Customer Gender", "Product Purchased",
           "Date of Purchase", "Ticket Type", "Ticket Subject", "Ticket Description", "Ticket Status", "Resolution",
           "Ticket Priority", "Ticket Channel", "First Response Time", "Time to Resolution",
           "Customer Satisfaction Rating"]
    prods = ["Microsoft Office", "HP Spectre", "Canon DSLR Camera", "Amazon Echo", "Philips Hue Lights",
             "Google Pixel", "LG Smart TV", "Dyson Vacuum Cleaner", "iPhone 13", "Sony Xperia", "Nest Thermostat"]
    types = ["Technical issue", "Cancellation request", "Billing inquiry", "Product inquiry", "Refund request"]
    subjects = ["Hardware issue", "Payment issue", "Product compatibility", "Installation support",
                "Delivery problem", "Account access", "Refund request", "Network problem", "Product setup",
                "Battery life", "Software bug", "Data loss", "Peripheral compatibility"]
    res = ["Replacement sent to customer.", "Account access restored.", "Issue resolved successfully.",
           "Technical support provided.", "Refund processed."]
    rows = []
    for i in range(1, 1501):
        fn, ln = rng.choice(FIRST), rng.choice(LAST)
        status = _w(rng, ["Pending Customer Response", "Open", "Closed"], [2881, 2819, 2769])
        frt = _dtime(rng, "2023-06-01", "2023-06-01")
        closed = status == "Closed"
        rows.append([i, f"{fn} {ln}", f"{fn.lower()}_{ln.lower()}@example.com", rng.randint(18, 70),
                     rng.choice(["Male", "Female", "Other"]), rng.choice(prods),
                     _date(rng, "2020-01-01", "2021-12-31").isoformat(), rng.choice(types), rng.choice(subjects),
                     "I'm having an issue with the product purchased.",
                     status, rng.choice(res) if closed else None,
                     rng.choice(["Critical", "High", "Medium", "Low"]),
                     rng.choice(["Email", "Phone", "Chat", "Social media"]),
                     frt.strftime("%Y-%m-%d %H:%M:%S"),
                     (frt + _dt.timedelta(minutes=rng.randint(-900, 900))).strftime("%Y-%m-%d %H:%M:%S") if closed else None,
                     float(rng.randint(1, 5)) if closed else None])
    return _csv(hdr, rows)


@_export
def callcenter_pwc_xlsx() -> bytes:
    """PwC virtual case 'Call Centre Trends' 01 Call-Center-Dataset.xlsx (Sheet1 + analysis copy 'Sheet1 (2)')."""
    rng = random.Random(108)
    agents = ["Jim", "Martha", "Diane", "Dan", "Becky", "Greg", "Joe", "Stewart"]
    topics = ["Streaming", "Technical Support", "Payment related", "Contract related", "Admin Support"]
    h1 = ["Call Id", "Agent", "Date", "Time", "Topic", "Answered (Y/N)", "Resolved", "Speed of answer in seconds",
          "AvgTalkDuration", "Satisfaction rating"]
    h2 = ["Agent", "Date", "Time", "HourOfTheDay", "Topic", "Answered (Y/N)", "Resolved",
          "Speed of answer in seconds", "AvgTalkDuration", "duration_min2", "Satisfaction rating"]
    s1, s2 = [h1], [h2]
    d = _dt.date(2021, 1, 1)
    for i in range(1, 1201):
        if rng.random() < 0.013:
            d = min(d + _dt.timedelta(days=1), _dt.date(2021, 3, 31))
        t = _dt.time(rng.randint(9, 17), rng.randrange(60), rng.randrange(60))
        ans = rng.random() < 0.81
        res = ans and rng.random() < 0.9
        spd = rng.randint(10, 125) if ans else None
        talk = _dt.time(0, rng.randint(0, 6), rng.randrange(60)) if ans else None
        sat = _w(rng, [1, 2, 3, 4, 5], [417, 396, 1218, 1180, 843]) if ans else None
        a, tp = rng.choice(agents), rng.choice(topics)
        s1.append(["ID%04d" % i, a, d.isoformat(), t, tp, "Y" if ans else "N", "Y" if res else "N", spd, talk, sat])
        r = i + 1
        s2.append([a, d.isoformat(), t, ("=HOUR(C%d)" % r, t.hour), tp, "Y" if ans else "N", "Y" if res else "N",
                   spd, talk, ("=MINUTE(I%d)+SECOND(I%d)/60" % (r, r),
                               (talk.minute + talk.second / 60) if talk else 0), sat])
    return _xlsx([("Sheet1", s1), ("Sheet1 (2)", s2)])


@_export
def bank_churn_derived() -> bytes:
    """Churn_Modelling.csv (bank churn) as extended in AaronMbuzi/BankChurn-Analytics with derived columns."""
    rng = random.Random(109)
    hdr = ["RowNumber", "CustomerId", "Surname", "CreditScore", "Geography", "Gender Encoded", "Gender", "Age",
           "Tenure", "Balance", "NumOfProducts", "HasCrCard", "IsActiveMember", "EstimatedSalary", "Exited",
           "BalanceSalaryRatio", "IsHighValueCustomer", "AgeGroup"]
    rows = []
    for i in range(1, 1501):
        g = _w(rng, ["Male", "Female"], [5457, 4543])
        age = max(18, min(92, int(rng.gauss(39, 10))))
        bal = 0 if rng.random() < 0.36 else round(rng.gauss(120000, 30000), 2)
        sal = round(rng.uniform(11.58, 199992.48), 2)
        grp = "20-29" if age < 30 else "30-39" if age < 40 else "40-49" if age < 50 else "Retiree"
        if age < 20:
            grp = "Retiree"  # quirk of the real file: ages under 20 fall into 'Retiree'
        ratio = round(bal / sal, 9) if bal else 0
        rows.append([i, rng.randint(15565701, 15815690), rng.choice(LAST + ["H?", "T'ien", "O'Brien"]),
                     max(350, min(850, int(rng.gauss(650, 96)))), _w(rng, ["France", "Germany", "Spain"], [5014, 2509, 2477]),
                     1 if g == "Female" else 0, g, age, rng.randint(0, 10), bal if bal else 0,
                     _w(rng, [1, 2, 3, 4], [5084, 4590, 266, 60]), _w(rng, [1, 0], [7055, 2945]), rng.randint(0, 1), sal,
                     1 if rng.random() < 0.2037 else 0, ratio, "TRUE" if bal > 50000 else "FALSE", grp])
    return _csv(hdr, rows)


@_export
def telco_churn_customer() -> bytes:
    """IBM sample 'WA_Fn-UseC_-Telco-Customer-Churn.csv'."""
    rng = random.Random(110)
    hdr = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
           "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
           "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn"]
    rows = []
    for _ in range(2000):
        cid = "%04d-%s" % (rng.randrange(10000), "".join(rng.choice(string.ascii_uppercase) for _ in range(5)))
        tenure = 0 if rng.random() < 0.0016 else rng.randint(1, 72)
        phone = "Yes" if rng.random() < 0.9 else "No"
        inet = _w(rng, ["Fiber optic", "DSL", "No"], [3096, 2421, 1526])
        def addon():
            return "No internet service" if inet == "No" else rng.choice(["Yes", "No"])
        monthly = round(rng.uniform(18.25, 118.75), 2)
        total = " " if tenure == 0 else str(round(monthly * tenure * rng.uniform(0.9, 1.1), 2))
        rows.append([cid, rng.choice(["Male", "Female"]), _w(rng, [0, 1], [5901, 1142]), rng.choice(["Yes", "No"]),
                     _w(rng, ["No", "Yes"], [4933, 2110]), tenure, phone,
                     "No phone service" if phone == "No" else rng.choice(["Yes", "No"]), inet,
                     addon(), addon(), addon(), addon(), addon(), addon(),
                     _w(rng, ["Month-to-month", "Two year", "One year"], [3875, 1695, 1473]), rng.choice(["Yes", "No"]),
                     _w(rng, ["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"],
                        [2365, 1612, 1544, 1522]), monthly, total, _w(rng, ["No", "Yes"], [5174, 1869])])
    return _csv(hdr, rows)


@_export
def model_results_not_data() -> bytes:
    """KingAtomic7/Customer-Satisfaction-Prediction-Project model_results.csv (model comparison table)."""
    rng = random.Random(111)
    rows = []
    for m in ["Logistic Regression", "Gradient Boosting", "Random Forest", "Decision Tree"]:
        rows.append([m] + [round(rng.uniform(0.3, 0.42), 4) for _ in range(3)] + [round(rng.uniform(0.01, 0.03), 4)])
    return _csv(["Model", "Accuracy", "F1 Score", "CV Mean", "CV Std"], rows)


SBX_HDR = ["Timestamp", "1. Your Gender", "2. Your Age", "3. Are you currently....?", "4. What is your annual income?",
           "5. How often do you visit Starbucks?", "6. How do you usually enjoy Starbucks?",
           "7. How much time do you normally  spend during your visit?",
           "8. The nearest Starbucks's outlet to you is...?", "9. Do you have Starbucks membership card?",
           "10. What do you most frequently purchase at Starbucks?",
           "11. On average, how much would you spend at Starbucks per visit?",
           "12. How would you rate the quality of Starbucks compared to other brands (Coffee Bean, Old Town White Coffee..) to be:",
           "13. How would you rate the price range at Starbucks?",
           "14. How important are sales and promotions in your purchase decision?",
           "15. How would you rate the ambiance at Starbucks? (lighting, music, etc...)",
           "16. You rate the WiFi quality at Starbucks as..",
           "17. How would you rate the service at Starbucks? (Promptness, friendliness, etc..)",
           "18. How likely you will choose Starbucks for doing business meetings or hangout with friends?",
           "19. How do you come to hear of promotions at Starbucks? Check all that apply.",
           "20. Will you continue buying at Starbucks?"]
_SBX_OPTS = [
    (["Female", "Male"], [65, 57]),
    (["From 20 to 29", "From 30 to 39", "Below 20", "40 and above"], [85, 17, 13, 7]),
    (["Employed", "Student", "Self-employed", "Housewife"], [61, 42, 17, 2]),
    (["Less than RM25,000", "RM25,000 - RM50,000", "RM50,000 - RM100,000", "More than RM150,000",
      "RM100,000 - RM150,000"], [71, 25, 17, 6, 3]),
    (["Rarely", "Monthly", "Weekly", "Never", "Daily"], [76, 26, 9, 9, 2]),
    (["Take away", "Dine in", "Drive-thru", "never", "Never buy", "I dont like coffee", None], [49, 46, 20, 2, 1, 1, 1]),
    (["Below 30 minutes", "Between 30 minutes to 1 hour", "Between 1 hour to 2 hours", "More than 3 hours",
      "Between 2 hours to 3 hours"], [73, 34, 12, 2, 1]),
    (["more than 3km", "1km - 3km", "within 1km"], [61, 34, 27]),
    (["No", "Yes"], [62, 60]),
]
_SBX_ITEMS = ["Coffee", "Cold drinks", "Pastries", "Juices", "Sandwiches"]
_SBX_PROMO = ["Starbucks Website/Apps", "Social Media", "Emails", "Deal sites (fave, iprice, etc...)",
              "Through friends and word of mouth", "In Store displays", "Billboards"]


def _sbx_rows(rng, n):
    rows = []
    t = _dt.datetime(2019, 10, 1, 12, 38, 43)
    for _ in range(n):
        t += _dt.timedelta(seconds=rng.randint(5, 3000))
        r = [t.strftime("%Y/%m/%d ") + t.strftime("%I:%M:%S %p").lstrip("0") + " GMT+8"]
        r += [_w(rng, v, w) for v, w in _SBX_OPTS]
        items = sorted(rng.sample(_SBX_ITEMS, _w(rng, [1, 2, 3], [80, 15, 5])), key=_SBX_ITEMS.index)
        r.append(";".join(items))
        r.append(_w(rng, ["Less than RM20", "Around RM20 - RM40", "Zero", "More than RM40"], [58, 45, 12, 7]))
        base = rng.gauss(3.6, 0.6)
        r += [_likert(rng, 1, 5, base + d, 0.9) for d in (0.1, -0.7, 0.3, 0.2, -0.3, 0.2, 0)]
        promo = sorted(rng.sample(_SBX_PROMO, _w(rng, [1, 2, 3, 4], [50, 30, 12, 8])), key=_SBX_PROMO.index)
        r.append(";".join(promo))
        r.append(_w(rng, ["Yes", "No"], [94, 28]))
        rows.append(r)
    return rows


@_export
def starbucks_survey_raw() -> bytes:
    """prasertcbs/basic-dataset 'Starbucks satisfactory survey.csv' (Google Forms export)."""
    return _csv(SBX_HDR, _sbx_rows(random.Random(112), 400))


@_export
def starbucks_survey_coded() -> bytes:
    """prasertcbs/basic-dataset 'Starbucks satisfactory survey encode cleaned.csv' (numeric codes, UTF-8 BOM)."""
    rng = random.Random(113)
    hdr = ["Id", "gender", "age", "status", "income", "visitNo", "method", "timeSpend", "location", "membershipCard",
           "itemPurchaseCoffee", "itempurchaseCold", "itemPurchasePastries", "itemPurchaseJuices",
           "itemPurchaseSandwiches", "itemPurchaseOthers", "spendPurchase", "productRate", "priceRate", "promoRate",
           "ambianceRate", "wifiRate", "serviceRate", "chooseRate", "promoMethodApp", "promoMethodSoc",
           "promoMethodEmail", "promoMethodDeal", "promoMethodFriend", "promoMethodDisplay", "promoMethodBillboard",
           "promoMethodOthers", "loyal"]
    rows = []
    ids = sorted(rng.sample(range(1, 450), 370))
    for i in ids:
        base = rng.gauss(3.6, 0.6)
        rows.append([i, rng.randint(0, 1), _w(rng, [0, 1, 2, 3], [10, 79, 17, 7]), _w(rng, [0, 1, 2, 3], [37, 16, 58, 2]),
                     _w(rng, [0, 1, 2, 3, 4], [65, 23, 17, 3, 5]), _w(rng, [0, 1, 2, 3], [2, 9, 26, 76]),
                     _w(rng, [0, 1, 2, 5], [44, 20, 48, 1]), _w(rng, [0, 1, 2, 3, 4], [64, 34, 12, 1, 2]),
                     _w(rng, [0, 1, 2], [25, 32, 56]), rng.randint(0, 1)] + [1] * 6 +
                    [_w(rng, [0, 1, 2, 3], [5, 56, 45, 7])] +
                    [_likert(rng, 1, 5, base + d, 0.9) for d in (0.1, -0.7, 0.3, 0.2, -0.3, 0.2, 0)] +
                    [1] * 7 + [1 if rng.random() < 0.99 else 0, 1 if rng.random() < 0.2 else 0])
    return _csv(hdr, rows, bom=True)


@_export
def bank_churners_credit() -> bytes:
    """prasertcbs/basic-dataset BankChurners.csv (credit-card churn, Kaggle sakshigoyal7)."""
    rng = random.Random(114)
    nb = "Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Contacts_Count_12_mon_Dependent_count_Education_Level_Months_Inactive_12_mon_"
    hdr = ["CLIENTNUM", "Attrition_Flag", "Customer_Age", "Gender", "Dependent_count", "Education_Level",
           "Marital_Status", "Income_Category", "Card_Category", "Months_on_book", "Total_Relationship_Count",
           "Months_Inactive_12_mon", "Contacts_Count_12_mon", "Credit_Limit", "Total_Revolving_Bal", "Avg_Open_To_Buy",
           "Total_Amt_Chng_Q4_Q1", "Total_Trans_Amt", "Total_Trans_Ct", "Total_Ct_Chng_Q4_Q1", "Avg_Utilization_Ratio",
           nb + "1", nb + "2"]
    rows = []
    for _ in range(1500):
        att = rng.random() < 0.1607
        lim = round(rng.uniform(1438.3, 34516), 1)
        bal = rng.randint(0, 2517)
        p1 = round(rng.uniform(0.95, 0.9996), 5) if att else float("%.5g" % rng.uniform(7.6642e-06, 0.002))
        rows.append([rng.randint(708082083, 828343083), "Attrited Customer" if att else "Existing Customer",
                     rng.randint(26, 73), _w(rng, ["F", "M"], [5358, 4769]), rng.randint(0, 5),
                     _w(rng, ["Graduate", "High School", "Unknown", "Uneducated", "College", "Post-Graduate", "Doctorate"],
                        [3128, 2013, 1519, 1487, 1013, 516, 451]),
                     _w(rng, ["Married", "Single", "Unknown", "Divorced"], [4687, 3943, 749, 748]),
                     _w(rng, ["Less than $40K", "$40K - $60K", "$80K - $120K", "$60K - $80K", "Unknown", "$120K +"],
                        [3561, 1790, 1535, 1402, 1112, 727]),
                     _w(rng, ["Blue", "Silver", "Gold", "Platinum"], [9436, 555, 116, 20]), rng.randint(13, 56),
                     rng.randint(1, 6), rng.randint(0, 6), rng.randint(0, 6), lim, bal, round(lim - bal, 1),
                     round(rng.uniform(0, 2), 3), rng.randint(510, 18484), rng.randint(10, 139), round(rng.uniform(0, 2), 3),
                     round(bal / lim, 3), p1, round(1 - p1, 5)])
    return _bankchurn_bytes(hdr, rows)


def _bankchurn_bytes(hdr, rows):
    # header fully quoted; string values quoted; numbers bare (R/SAS style export)
    out = [",".join('"%s"' % h for h in hdr)]
    for r in rows:
        out.append(",".join('"%s"' % v if isinstance(v, str) else repr(v) for v in r))
    return ("\n".join(out) + "\n").encode("utf-8")


@_export
def googleplay_reviews_sentiment() -> bytes:
    """Google Play Store user reviews (Kaggle lava18) googleplaystore_user_reviews.csv: literal 'nan' strings."""
    rng = random.Random(115)
    apps = ["10 Best Foods for You", "104 找工作 - 找工作 找打工 找兼職", "11st", "1800 Contacts - Lens Store",
            "1LINE – One Line with One Touch", "2017 EMRA Antibiotic Guide", "21-Day Meditation Experience",
            "Calorie Counter - MyFitnessPal", "Candy Crush Saga", "Duolingo: Learn Languages Free"]
    rows = []
    for app in apps:
        for _ in range(rng.randint(60, 200)):
            if rng.random() < 0.42:
                rows.append([app, "nan", "nan", "nan", "nan"])
                continue
            pol = round(rng.uniform(-1, 1), rng.choice([1, 2, 16]))
            sent = "Positive" if pol > 0 else "Negative" if pol < 0 else "Neutral"
            if rng.random() < 0.1:
                pol, sent = 0.0, "Neutral"
            subj = rng.choice([0.0, 0.3, 0.5333333333333333, round(rng.random(), 16)])
            rows.append([app, _en_text(rng, 4 if pol > 0 else 2), sent, pol, subj])
    return _csv(["App", "Translated_Review", "Sentiment", "Sentiment_Polarity", "Sentiment_Subjectivity"], rows)


@_export
def amazon_phone_items_aggregated() -> bytes:
    """prasertcbs/basic-dataset amazon_phone_review/20191226-items.csv (one row per phone, average stars)."""
    rng = random.Random(116)
    brands = ["Samsung", "Motorola", "Apple", "Xiaomi", "Nokia", "Google", "HUAWEI", "Sony", "ASUS", "OnePlus"]
    rows = []
    for _ in range(500):
        asin = "B0" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        b = _w(rng, brands + [None], [346, 105, 63, 46, 44, 38, 32, 27, 10, 5, 4])
        title = "%s Phone %dGB Unlocked - %s" % (b or "Dual-Band", rng.choice([16, 32, 64, 128]), rng.choice(["Black", "Blue", "Gold"]))
        price = rng.choice([0.0, round(rng.uniform(30, 999.99), 2)])
        rows.append([asin, b, title, "https://www.amazon.com/dp/" + asin,
                     "https://m.media-amazon.com/images/I/%s._AC_UY218_ML3_.jpg" % _hexid(rng, 11),
                     round(min(5, max(1, rng.gauss(3.7, 0.6))), 1), "https://www.amazon.com/product-reviews/" + asin,
                     rng.randint(1, 983), price, rng.choice([0.0, 0.0, 0.0, round(price * 1.2, 2)])])
    # the real file writes whole-number ratings without '.0' (e.g. '3')
    data = _csv(["asin", "brand", "title", "url", "image", "rating", "reviewUrl", "totalReviews", "price",
                 "originalPrice"], [[*r[:5], (int(r[5]) if float(r[5]).is_integer() else r[5]), *r[6:]] for r in rows])
    return data.replace(b",0.0,0.0\n", b",0,0\n")


@_export
def young_people_columns_dictionary() -> bytes:
    """prasertcbs/basic-dataset YoungPeopleSurvey/columns.csv: question text -> short column name (data dictionary)."""
    pairs = [("I enjoy listening to music.", "Music"), ("I prefer.", "Slow songs or fast songs"),
             ("Dance, Disco, Funk", "Dance"), ("Folk music", "Folk"), ("Country", "Country"),
             ("Classical", "Classical music"), ("Musicals", "Musical"), ("Pop", "Pop"), ("Rock", "Rock"),
             ("Metal, Hard rock", "Metal or Hardrock"), ("I really enjoy watching movies.", "Movies"),
             ("Horror movies", "Horror"), ("Thriller movies", "Thriller"), ("Comedies", "Comedy"),
             ("I save all the money I can.", "Finances"), ("I enjoy going to large shopping centres.", "Shopping centres"),
             ("I prefer branded clothing to non branded.", "Branded clothing"),
             ("I spend a lot of money on partying and socializing.", "Entertainment spending"),
             ("I spend a lot of money on my appearance.", "Spending on looks"),
             ("I will hapilly pay more money for good, quality or healthy food.", "Spending on healthy eating"),
             ("I am always on time.", "Punctuality"), ("I always make a list so I don't forget anything.", "Prioritising workload"),
             ("What is your age?", "Age"), ("How tall are you?", "Height"), ("How much do you weigh?", "Weight"),
             ("How many siblings do you have?", "Number of siblings"), ("Gender", "Gender"),
             ("I am: Left handed / Right handed", "Left - right handed"), ("Highest education achieved", "Education"),
             ("I am the only child", "Only child"), ("I spent most of my childhood in a: City / village", "Village - town"),
             ("I lived most of my childhood in a: house/bungalow / block of flats", "House - block of flats")]
    return _csv(["original", "short"], pairs, quoting=csv.QUOTE_ALL)


ES_POS = ["Excelente servicio", "La comida deliciosa", "Muy limpio y cómodo", "Personal muy amable", "Vista increíble",
          "Volvería sin duda", "Buen precio", "Ubicación perfecta"]
ES_NEG = ["Pésima atención", "Habitación sucia", "Muy caro para lo que ofrecen", "Tardaron mucho en servir",
          "No lo recomiendo", "El ruido no dejaba dormir"]


@_export
def restmex_es_xlsx() -> bytes:
    """Rest-Mex 2022 sentiment track test set (Spanish tourist opinions, no rating), xlsx."""
    rng = random.Random(117)
    rows = [["Id", "Title", "Opinion"]]
    for i in range(1, 901):
        pool = ES_POS if rng.random() < 0.7 else ES_NEG
        title = rng.choice(pool) + rng.choice(["", " !!", "...", " ,lugar y precio !!"])
        op = ". ".join(rng.choice(pool) for _ in range(rng.randint(2, 6))) + "."
        rows.append([i, title, op])
    return _xlsx([("testRestMexConLABEL", rows)])


_DE_LABELS = ["sehr zufrieden", "zufrieden", "weniger zufrieden", "unzufrieden"]
_DE_TEXT_POS = ["Alles lief wie am Schnürchen", "sehr freundliches Personal", "Die Ärzte haben sich viel Zeit genommen",
                "Ich würde die Klinik weiterempfehlen", "Essen war gut", "kurze Wartezeiten"]
_DE_TEXT_NEG = ["lange Wartezeiten", "unfreundliche Pflegekräfte", "Zimmer war veraltet", "keine Aufklärung über die OP",
                "chaotische Abläufe", "Entlassung ohne Arztbrief"]


@_export
def klinik_de_reviews() -> bytes:
    """klinikbewertungen.de scrape (Lower Saxony clinics): verbal 4-point ratings per aspect, German dates."""
    rng = random.Random(118)
    hdr = ["Name der Klinik", "Titel", "Datum", "Fachbereich", "Erfahrungsbericht", "Gesamtzufriedenheit",
           "Qualität der Beratung", "Mediz. Behandlung", "Verwaltung und Abläufe", "Ausstattung und Gestaltung"]
    clinics = ["Krankenhaus Hameln", "Clementinenhaus", "Klinik Fallingborstel", "Asklepios Fachklinikum Tiefenbrunn",
               "Helios Klinikum Hildesheim", "Friederikenstift Hannover", "Annastift Hannover", "Marienhospital Papenburg",
               "Augenklinik Dr.Hoffmann"]
    depts = ["Augen", "Chirurgie", "Orthopädie", "Entbindung", "Frauen", "Psychiatrie", "Psychosomatik", "Innere"]
    rows = []
    for _ in range(1200):
        overall = _w(rng, [0, 1, 2, 3], [1321, 292, 197, 735])
        pool = _DE_TEXT_POS if overall < 2 else _DE_TEXT_NEG

        def lab(base, blank=0.0):
            if rng.random() < blank:
                return None
            k = max(0, min(3, base + rng.choice([-1, 0, 0, 0, 1])))
            s = _DE_LABELS[k]
            if rng.random() < 0.03:
                s += " (" + _mojibake(rng.choice(pool)) + ")"
            return s
        d = _date(rng, "2010-01-01", "2021-06-30")
        text = _mojibake(". ".join(rng.choice(pool) for _ in range(rng.randint(2, 6))) + ".")
        if rng.random() < 0.3:
            text += "\n" + _mojibake(rng.choice(pool) + ".")
        ov = _DE_LABELS[overall] + (" (" + _mojibake(rng.choice(pool)) + ")" if rng.random() < 0.03 else "")
        rows.append([rng.choice(clinics), _mojibake(rng.choice(pool)), d.strftime("%d.%m.%Y"),
                     _maybe(rng, 0.001, _mojibake(rng.choice(depts))), text, ov, lab(overall), lab(overall),
                     lab(overall), lab(overall, blank=0.23)])
    return _csv(hdr, rows)


@_export
def semeval_absa_long() -> bytes:
    """SemEval-2014 Task 4 restaurants (Restaurants_Train_v2.csv): one row per sentence x aspect term."""
    rng = random.Random(119)
    aspects = {"food": ["food", "pizza", "sushi", "dessert", "portions"], "service": ["service", "staff", "waiter"],
               "ambience": ["ambience", "atmosphere", "decor"], "price": ["prices"]}
    pos = ["amazing", "great", "excellent", "delicious", "friendly", "fast"]
    neg = ["horrible", "slow", "rude", "overpriced", "bland", "cramped"]
    rows = []
    sid = 813
    for _ in range(700):
        sid += rng.randint(1, 6)
        k = _w(rng, [1, 2, 3], [70, 22, 8])
        cats = rng.sample(list(aspects), k)
        parts, spans = [], []
        sent = ""
        for c in cats:
            term = rng.choice(aspects[c])
            pol = _w(rng, ["positive", "negative", "neutral", "conflict"], [58, 22, 16, 4])
            adj = rng.choice(pos if pol == "positive" else neg if pol == "negative" else ["ok", "average"])
            prefix = ("The " if not sent else sent + " and the ")
            start = len(prefix)
            sent = prefix + term + " was " + adj
            spans.append((term, pol, start, start + len(term)))
        sent += rng.choice([".", "!", "!!", ""])
        for term, pol, a, b in spans:
            rows.append([sid, sent, term, pol, a, b])
    return _csv(["id", "Sentence", "Aspect Term", "polarity", "from", "to"], rows)


@_export
def airline_tweets_excel_mangled() -> bytes:
    """Twitter US Airline Sentiment Tweets.csv as re-saved through Excel (ids in E+17 notation, dd-mm-yyyy H.MM)."""
    rng = random.Random(120)
    hdr = ["tweet_id", "airline_sentiment", "airline_sentiment_confidence", "negativereason",
           "negativereason_confidence", "airline", "airline_sentiment_gold", "name", "negativereason_gold",
           "retweet_count", "text", "tweet_coord", "tweet_created", "tweet_location", "user_timezone"]
    airlines = [("Virgin America", "@VirginAmerica"), ("United", "@united"), ("Southwest", "@SouthwestAir"),
                ("Delta", "@Delta"), ("US Airways", "@USAirways"), ("American", "@AmericanAir")]
    reasons = ["Customer Service Issue", "Late Flight", "Can't Tell", "Cancelled Flight", "Lost Luggage", "Bad Flight",
               "Flight Booking Problems", "Flight Attendant Complaints", "longlines", "Damaged Luggage"]
    tz = ["Eastern Time (US & Canada)", "Pacific Time (US & Canada)", "Central Time (US & Canada)", "Quito", None]
    rows = []
    t = _dt.datetime(2015, 2, 24, 11, 35)
    for _ in range(1500):
        t -= _dt.timedelta(minutes=rng.randint(0, 12))
        a, handle = _w(rng, airlines, [504, 3822, 2420, 2222, 2913, 2759])
        s = _w(rng, ["negative", "neutral", "positive"], [9178, 3099, 2363])
        conf = rng.choice([1, 1, 1, round(rng.uniform(0.33, 1), 4)])
        nr = _w(rng, reasons, [2910, 1665, 1190, 847, 724, 580, 529, 481, 178, 74]) if s == "negative" else None
        nrc = (1 if rng.random() < 0.5 else round(rng.uniform(0.3, 1), 4)) if nr else rng.choice([None, None, 0])
        tid = 570306000000000000 - rng.randint(0, 1800000000000000)
        tid_s = ("%.6g" % tid).replace("e+", "E+")
        text = handle + " " + (_en_text(rng, 1) if s == "negative" else _en_text(rng, 5) if s == "positive" else "when does the flight leave?")
        coord = '[%.8f, %.8f]' % (rng.uniform(25, 48), rng.uniform(-122, -71)) if rng.random() < 0.07 else None
        rows.append([tid_s, s, conf, nr, nrc, a, None, rng.choice(LAST).lower() + str(rng.randint(1, 99)), None,
                     _w(rng, [0, 1, 2], [95, 4, 1]), text, coord, "%s %d.%02d" % (t.strftime("%d-%m-%Y"), t.hour, t.minute),
                     rng.choice([None, "NYC", "Los Angeles", "San Francisco, CA", "Boston | Waltham"]), rng.choice(tz)])
    return _csv(hdr, rows)


@_export
def callcenter_sentiment_xlsx() -> bytes:
    """ExcelDemy 'Call-Center-Sentiment-Sample-Data.xlsx' as analysed in a Power-BI/Excel project:
    a static pivot sheet, an empty dashboard sheet, and a data sheet with title rows and a header in B6."""
    rng = random.Random(121)
    sents = ["Negative", "Very Negative", "Positive", "Neutral", "Very Positive"]
    chans = ["Call-Center", "Chatbot", "Web", "Email"]
    centers = ["Los Angeles/CA", "Baltimore/MD", "Chicago/IL", "Denver/CO"]
    places = [("Charleston", "West Virginia"), ("Minneapolis", "Minnesota"), ("Austin", "Texas"),
              ("Santa Ana", "California"), ("Fort Myers", "Florida"), ("Washington", "District of Columbia"),
              ("New York City", "New York"), ("Little Rock", "Arkansas"), ("Chicago", "Illinois")]
    data = [[None] * 13, [None, "Excel Sample Data"] + [None] * 11, [None] * 13,
            [None, "Call Center Sentiment Analysis Data"] + [None] * 11, [None] * 13,
            [None, "ID", "Customer Name", "Sentiment", "CSAT Score", "Call Timestamp", "Reason", "City", "State",
             "Channel", "Response Time", "Call Duration (Minutes)", "Call Center"]]
    recs = []
    for _ in range(300):
        s = _w(rng, sents, [29, 15, 10, 9, 7])
        base = {"Very Negative": 2, "Negative": 4, "Neutral": 5, "Positive": 7, "Very Positive": 9}[s]
        c, st = rng.choice(places)
        rec = ["%s-%08d" % ("".join(rng.choice(string.ascii_uppercase) for _ in range(3)), rng.randrange(10**8)),
               "%s %s" % (rng.choice(FIRST), rng.choice(LAST)), s, max(1, min(10, base + rng.randint(-2, 2))),
               _date(rng, "2024-01-01", "2024-01-31"), _w(rng, ["Billing Question", "Payments", "Service Outage"], [50, 12, 8]),
               c, st, _w(rng, chans, [23, 22, 17, 8]), _w(rng, ["Within SLA", "Below SLA", "Above SLA"], [53, 9, 8]),
               rng.randint(5, 45), _w(rng, centers, [30, 27, 7, 6])]
        recs.append(rec)
        data.append([None] + rec)
    # static pivot copy (values are NOT linked to the data, as in the real workbook)
    piv = [[None] * 8, [None] * 8, ["Row Labels", "Sum of CSAT Score", None, None, None, None, None, None]]
    sums = {}
    for r in recs:
        sums[r[2]] = sums.get(r[2], 0) + r[3]
    ch = {}
    for r in recs:
        ch[r[8]] = ch.get(r[8], 0) + 1
    keys = sorted(sums)
    chk = sorted(ch)
    left_rows = [[k, sums[k]] for k in keys] + [["Grand Total", sum(sums.values())]]
    right_rows = [["Row Labels", "Count of ID"]] + [[k, ch[k]] for k in chk] + [["Grand Total", len(recs)]]
    for i in range(max(len(left_rows), len(right_rows))):
        left = left_rows[i] if i < len(left_rows) else [None, None]
        right = right_rows[i] if i < len(right_rows) else [None, None]
        piv.append(left + [None] * 4 + right)
    return _xlsx([("pivot table", piv), ("Dashboard", []), ("Call Center Data", data)])


@_export
def tripadvisor_hotel_reviews() -> bytes:
    """Kaggle andrewmvd 'Trip Advisor Hotel Reviews' tripadvisor_hotel_reviews.csv (lower-cased, stop-word stripped text)."""
    rng = random.Random(122)
    rows = []
    for _ in range(1200):
        r = _w(rng, [5, 4, 3, 2, 1], [9054, 6039, 2184, 1793, 1421])
        words = (EN_POS if r >= 4 else EN_NEG if r <= 2 else EN_POS + EN_NEG)
        txt = ", ".join(" ".join(rng.choice(words).split()) for _ in range(rng.randint(3, 15))).lower()
        txt = txt.replace("do not", "did n't") + ",  "  # trailing comma + two spaces as in the real file
        if rng.random() < 0.02:
            txt = txt.replace("t ", "t__Ç_é_ ", 1)  # mangled apostrophes present in the real file
        rows.append('"%s",%d' % (txt.replace('"', '""'), r))
    return ("Review,Rating\n" + "\n".join(rows) + "\n").encode("utf-8")


@_export
def uci_bank_marketing_semicolon() -> bytes:
    """UCI Bank Marketing bank.csv: ';' separated, every string and header double-quoted, 'unknown' codes."""
    rng = random.Random(123)
    hdr = ["age", "job", "marital", "education", "default", "balance", "housing", "loan", "contact", "day", "month",
           "duration", "campaign", "pdays", "previous", "poutcome", "y"]
    jobs = ["management", "blue-collar", "technician", "admin.", "services", "retired", "self-employed",
            "entrepreneur", "unemployed", "housemaid", "student", "unknown"]
    lines = [";".join('"%s"' % h for h in hdr)]
    for _ in range(1500):
        prev = _w(rng, [0, 1, 2, 3], [3705, 286, 193, 337])
        vals = [rng.randint(19, 87), rng.choice(jobs), _w(rng, ["married", "single", "divorced"], [2797, 1196, 528]),
                _w(rng, ["secondary", "tertiary", "primary", "unknown"], [2306, 1350, 678, 187]),
                _w(rng, ["no", "yes"], [4445, 76]), int(rng.gauss(1400, 3000)), rng.choice(["yes", "no"]),
                _w(rng, ["no", "yes"], [3830, 691]), _w(rng, ["cellular", "unknown", "telephone"], [2896, 1324, 301]),
                rng.randint(1, 31), rng.choice(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                                 "nov", "dec"]),
                rng.randint(4, 3025), rng.randint(1, 10), -1 if prev == 0 else rng.randint(1, 871), prev,
                "unknown" if prev == 0 else rng.choice(["failure", "other", "success"]),
                _w(rng, ["no", "yes"], [4000, 521])]
        lines.append(";".join('"%s"' % v if isinstance(v, str) else str(v) for v in vals))
    return ("\n".join(lines) + "\n").encode("ascii")


@_export
def restaurant_ratings_0_2() -> bytes:
    """prasertcbs/basic-dataset RestaurantRating/'Restaurant ratings.csv' (UCI restaurant & consumer data, 0-2 scale)."""
    rng = random.Random(124)
    rows = []
    users = ["U1%03d" % i for i in range(1, 139)]
    places = [132500 + rng.randrange(2700) for _ in range(130)]
    for u in rng.sample(users, 120):
        for p in rng.sample(places, rng.randint(3, 14)):
            rows.append([u, p, _w(rng, [0, 1, 2], [254, 421, 486])])
    return _csv(["userID", "placeID", "rating"], rows)


# ---------------------------------------------------------------- second batch (it / nl-fr / aggregated)

@_export
def it_wine_recensioni() -> bytes:
    """FRA-0023/Business_Game_JEMIB recensioni.csv: 2,000 consumer ratings of 20 wines, Italian headers."""
    rng = random.Random(2026)
    per_wine = [118, 71, 79, 65, 63, 234, 129, 101, 77, 68, 67, 70, 86, 103, 96, 71, 217, 107, 87, 91]
    wine_mean = [6.0, 6.4, 6.4, 6.4, 6.9, 7.4, 5.8, 6.6, 6.2, 6.5, 6.9, 6.4, 6.6, 6.8, 6.3, 6.5, 6.7, 6.4, 6.6, 6.8]
    rows, rid = [], 1
    for w, (n, m) in enumerate(zip(per_wine, wine_mean), start=1):
        for _ in range(n):
            age = rng.randint(20, 39) if rng.random() < 0.42 else rng.randint(40, 69) if rng.random() < 0.1 else rng.randint(50, 69)
            v = min(9.0, max(3.0, round(rng.gauss(m, 1.0) * 2) / 2))
            rows.append([rid, w, age, _w(rng, ["M", "F"], [1173, 827]),
                         _w(rng, ["Italia", "USA", "Francia", "Altri"], [851, 503, 350, 296]), float(v)])
            rid += 1
    return _csv(["review_id", "wine_id", "età", "sesso", "nazionalità", "valutazione"], rows)


_KT_NL = ["Slechtste en meest onvriendelijke…", "Problemen met overschrijvingen", "Zeer slechte service.",
          "Na een half uur aan de telefoon mogen…", "Waar  is  mijn geld nu ?tot mijn…", "Top bank", "Aanrader",
          "Goede app, lage kosten", "Rekening openen duurt eindeloos", "Geen antwoord van klantendienst",
          "Snel en eenvoudig", "Kaart geblokkeerd zonder uitleg", "Prima online bank", "Onbereikbaar"]
_KT_FR = ["Service client injoignable", "Très bonne banque en ligne", "Frais cachés", "Parfait", "À éviter",
          "Ouverture de compte impossible…", "Application lente", "Excellent rapport qualité prix",
          "Aucune réponse à mes mails", "Banque sérieuse", "Virement bloqué depuis 2 semaines"]
_KT_EN = ["Terrible support", "reply to Veronique", "Good broker", "Account still not activated", "Avoid"]
_KT_TXT = {
    "nl": (["Ik ben al jaren klant en zeer tevreden over de app en de lage kosten.",
            "Vriendelijke medewerkers aan de telefoon, probleem snel opgelost.",
            "Beleggen via Keytrade is eenvoudig en goedkoop."],
           ["Al drie weken wacht ik op een antwoord van de klantendienst.",
            "Mijn rekening werd zonder uitleg geblokkeerd en niemand neemt op.",
            "De app werkt niet en ik kan niet inloggen met itsme.",
            "Overschrijving nog steeds niet aangekomen, onaanvaardbaar voor een bank."]),
    "fr": (["Banque en ligne efficace, frais très bas et application claire.",
            "Conseiller aimable et compétent, merci pour votre aide.",
            "Je recommande pour la bourse, plateforme complète."],
           ["Impossible de joindre le service client depuis des semaines.",
            "Mon compte est bloqué et personne ne répond aux messages.",
            "Ouverture de compte refusée sans aucune explication.",
            "Frais de garde cachés, je vais clôturer mon compte."]),
    "en": (["Good low-cost broker, easy to use."],
           ["Customer service never answers and the app keeps crashing.",
            "I cannot close my account, nobody replies to my emails."]),
}
_KT_REPLY = {"nl": "Beste {n},\n\nBedankt voor uw feedback. Kan u ons uw klantnummer bezorgen via ons contactformulier?\n\nMet vriendelijke groeten,\nLies, Keytrade Bank team",
             "fr": "Bonjour {n},\n\nMerci pour votre retour. Pourriez-vous nous contacter via le formulaire en indiquant votre numéro client ?\n\nCordialement,\nVeronique, Keytrade Bank team",
             "en": "Hello {n},\n\nThanks for your feedback. Could you send us your client number via our contact form?\n\nKind regards,\nVeronique, Keytrade Bank team"}


@_export
def be_keytrade_trustpilot() -> bytes:
    """jean-cheramy/keytrade-trustpilot-analysis src/data/dataset.csv: Trustpilot reviews of a Belgian bank, TSV."""
    rng = random.Random(1027)
    star_by_lang = {"en": [59, 8, 2, 3, 20], "fr": [197, 22, 23, 94, 152], "nl": [242, 29, 19, 55, 102]}
    reply_p = {"en": 0.13, "fr": 0.41, "nl": 0.35}
    rows = []
    t0 = _dt.datetime(2017, 12, 3, 7, 7, 45)
    span = (_dt.datetime(2025, 2, 25, 12, 32, 24) - t0).total_seconds()
    for _ in range(1027):
        lang = _w(rng, ["fr", "nl", "en"], [488, 447, 92])
        r = _w(rng, [1, 2, 3, 4, 5], star_by_lang[lang])
        pos, neg = _KT_TXT[lang]
        k = 1 + int(rng.expovariate(1 / 5.2))
        sents = [rng.choice(pos if r >= 4 else neg if r <= 2 else pos + neg) for _ in range(k)]
        sep = "\n\n" if rng.random() < 0.47 else " "
        text = sep.join(sents)
        title = rng.choice(_KT_NL if lang == "nl" else _KT_FR if lang == "fr" else _KT_EN)
        pub = t0 + _dt.timedelta(seconds=rng.random() ** 0.6 * span)
        has_reply = rng.random() < reply_p[lang]
        reply = _KT_REPLY[lang].format(n=rng.choice(FIRST)) if has_reply else None
        rpub = (pub + _dt.timedelta(days=rng.randint(1, 12), seconds=rng.randint(0, 86000))) if has_reply else None
        iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.000Z")  # noqa: E731
        rows.append([text, r, _hexid(rng, 24), lang, reply,
                     _w(rng, ["BE", "FR", "NL", "ES", "GB", "DE", "US", "LU"], [928, 26, 12, 9, 6, 5, 5, 4]),
                     _w(rng, [1, 2, 3], [987, 36, 4]), iso(pub), min(78, 1 + int(rng.expovariate(1 / 4.0))),
                     iso(rpub) if rpub else None, _w(rng, [0, 1, 2, 3, 4, 5], [641, 240, 95, 33, 15, 3]),
                     _w(rng, ["False", "True"], [988, 39]), title])
    hdr = ["text", "rating", "consumer_id", "language", "reply_message", "consumer_countryCode",
           "consumersReviewCountOnSameDomain", "dates_publishedDate", "consumer_numberOfReviews",
           "reply_publishedDate", "likes", "consumer_isVerified", "title"]
    return _csv(hdr, rows, sep="\t")


_BE_CITIES = ["Antwerpen", "Gent", "Kortrijk", "Oostende", "Mechelen", "Sint-Niklaas", "Hasselt", "Leuven", "Brugge",
              "Aalst", "Genk", "Liege", "Namur", "Charleroi", "Mons", "La Louviere", "Wavre", "Ixelles",
              "Anderlecht", "Bruxelles", "Roeselare", "Turnhout", "Lier", "Tournai", "Verviers"]


@_export
def be_telco_shop_ratings() -> bytes:
    """thaochithai/google-map-review-analysis-telco shop_list/shop_list.csv: one Google Maps store page per row."""
    rng = random.Random(318)
    rows, seen = [], []
    for i in range(318):
        prov = _w(rng, ["Orange", "Proximus", "Telenet", "BASE", "Spectrum"], [127, 104, 44, 32, 3])
        if seen and rng.random() < 0.06:
            name = rng.choice(seen)  # 273 distinct names for 318 store pages
        else:
            city = rng.choice(_BE_CITIES)
            name = rng.choice([f"{prov} Shop {city}", f"{prov} {city}", f"{prov} - {city} Centre",
                               f"{prov} shop {city} {rng.choice(['Cora', 'Wijnegem', 'Centrum', 'Station'])}"])
            if rng.random() < 0.02:
                name = f"ACS {prov}, Base & Repair Center {city}"
            seen.append(name)
        slug = name.replace(" ", "+").replace(",", "").replace("&", "%26")
        url = ("https://www.google.com/maps/place/%s/data=!4m7!3m6!1s0x47c3%s:0x%s!8m2!3d50.%d!4d4.%d!16s%%2Fg%%2F11%s"
               "!19sChIJ%s?authuser=0&hl=en&rclk=1" % (slug, _hexid(rng, 12), _hexid(rng, 16), rng.randrange(10**6),
                                                       rng.randrange(10**6), _hexid(rng, 7), _hexid(rng, 22)))
        n = max(1, min(829, int(rng.lognormvariate(5.25, 0.75))))
        rating = round(min(5.0, max(1.0, rng.gauss(3.84, 0.45 if n > 20 else 0.8))), 1)
        rows.append([url, n, name, rating])
    return _csv(["source_url", "review", "shop_name", "rating"], rows, bom=True, newline="\r\n")
