"""Synthetic honor rolls for benchmarks: N records that follow the record contract.

The records read like the real ones: Vietnamese names in the usual family-middle-given pattern,
units and villages of the province's communes, and 300-800 word stories with full diacritics,
assembled from many sentence patterns and word lists, so that the vocabulary (what search
indexes and chunk sizes depend on) grows with the roll as a real one would. Everything is drawn
from a seeded random generator: the same seed gives the same roll.

Every record validates: the provincial quota (at most 2 per party committee and year), dates
inside the period and not after `today`, provincial recognitions from 2026 after a grassroots
one, photos and ethnicity with consent. A small share is withdrawn, as in a real roll.

    python -m bench.synthetic /tmp/roll --records 1000 [--photos] [--seed 1]

writes a complete project (mkdocs.yml, theme, content, vocabularies, schema, exemplars/) that
`mkdocs build` turns into a site.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from generator.vietnamese import slugify
from generator.vocabularies import Vocabularies, load_vocabularies

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)  # fixed, so that the roll and its dates never depend on the day

FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh "
    "Lò Lường Hà Sùng Giàng Thào Vàng Lù Má Ma Tẩn Triệu Bàn Chảo Sần Lục Nông Hoàng Tráng Cứ"
).split()
MIDDLE_MALE = "Văn Đức Quang Minh Hữu Công Xuân Thanh A Seo Chín Tiến Đình Ngọc Mạnh".split()
MIDDLE_FEMALE = "Thị Thu Thanh Ngọc Minh Hồng Kim Mỹ Diệu Phương Thúy Lan".split()
GIVEN_MALE = (
    "Hùng Dũng Đức Minh Tuấn Sơn Hải Long Thắng Phúc Khải Sáng Chính Huy Tùng Cường Đạt Nam "
    "Quân Trung Hiếu Thành Toàn Vinh Lâm Bình Chiến Kiên Lợi Phong Quyết Sinh Páo Chứ Dế Lử Sử "
    "Pao Tả Lồ Chử Vần Sài Phìn Chin Kháy Dìn Đăng Điền Định Độ Đông"
).split()
GIVEN_FEMALE = (
    "Mai Lan Hoa Thu Nguyệt Hương Hà Linh Trang Nga Hằng Quyên Sua Dính Mỷ Súa Chang Dợ Pằng Xuân "
    "Thảo Yến Ngân Phượng Duyên Hạnh Loan Huyền Oanh Tâm Vân Nhung Giang Đào Diệp Điệp Dung"
).split()
ETHNIC_GROUPS = [
    "Kinh",
    "Tày",
    "Dao",
    "Mông",
    "Giáy",
    "Nùng",
    "Thái",
    "Hà Nhì",
    "Phù Lá",
    "La Chí",
    "Bố Y",
    "Xa Phó",
]
VILLAGE_SYLLABLES = (
    "Nà Lùng Tả Phời Sín Chải Khe Lếch Cốc Mỳ Pả Ván Làng Bản Mường Hum Phìn Ngan Tòng Sành Lao "
    "Thàng Nậm Pung Hồ Chín Chu Lìn Sa Pả Tung Trung Chồ Hoàng Liên Cát Cát Ý Lình Hồ Séo Mý Tỷ "
    "Quang Kim Đồng Tâm Phố Mới Đá Đen Suối Thầu Nặm Cang Sử Pán Tà Van Bản Hồ Thanh Phú Lủ Khấu"
).split()
CROPS = (
    "quế chè thảo quả lúa ngô mận lê chuối dứa sâm Ngọc Linh đào cam sành atiso dược liệu "
    "khoai môn đậu tương rau cải tam thất lạc"
).split()
LIVESTOCK = "trâu bò lợn đen gà đồi dê cá hồi cá tầm ong mật ngựa".split()
ACTIVITIES = [
    "trồng {crop} theo hướng hữu cơ",
    "chăn nuôi {animal} bán chăn thả",
    "làm du lịch cộng đồng ở thôn {village}",
    "mở lớp xóa mù chữ cho phụ nữ",
    "dạy tiếng Việt cho trẻ trước khi vào lớp một",
    "vận động bà con làm nhà tiêu hợp vệ sinh",
    "làm đường bê tông vào thôn {village}",
    "thành lập tổ hợp tác {crop}",
    "đưa sản phẩm {crop} lên sàn thương mại điện tử",
    "tuần tra bảo vệ rừng đầu nguồn",
    "hòa giải mâu thuẫn trong khu dân cư",
    "vận động xóa bỏ hủ tục trong việc cưới, việc tang",
    "tuyên truyền phòng chống ma túy ở vùng biên",
    "giúp hộ nghèo vay vốn phát triển sản xuất",
    "hướng dẫn bà con dùng dịch vụ công trực tuyến",
    "giữ gìn điệu múa, câu hát của đồng bào {ethnic}",
    "khám sàng lọc cho người cao tuổi",
    "vận động sản phụ sinh con tại trạm y tế",
    "phục dựng lễ hội truyền thống của người {ethnic}",
    "cắm mốc, tuần tra đường biên cùng bộ đội biên phòng",
]
OPENINGS = [
    "Những năm trước, thôn {village} còn nhiều khó khăn: đường đất lầy lội, trẻ em bỏ học sớm, "
    "nhiều hộ thiếu ăn vào mùa giáp hạt.",
    "Khi {who} nhận nhiệm vụ, cả thôn {village} mới có {n} hộ thoát nghèo.",
    "Người dân xã {commune} quen gọi {who} là người “nói đi đôi với làm”.",
    "Câu chuyện của {who} bắt đầu từ một buổi họp chi bộ thôn {village} cuối năm {year}.",
    "Ở vùng cao {commune}, mùa đông sương muối phủ trắng nương {crop}, vậy mà {who} vẫn đi từng nhà.",
]
SENTENCES = [
    "{who} cùng chi bộ bàn cách {activity}, rồi tự mình làm trước để bà con thấy hiệu quả.",
    "Sau {n} năm, thu nhập bình quân của các hộ tham gia tăng gấp {k} lần.",
    "Ban đầu, nhiều người còn e ngại vì chưa quen cách làm mới.",
    "{who} kiên trì đến từng nhà, ngồi bên bếp lửa giải thích bằng tiếng {ethnic} cho dễ hiểu.",
    "Mô hình {activity} nay đã được nhân rộng ra {n} thôn trong xã {commune}.",
    "Hợp tác xã {village} bao tiêu sản phẩm, giúp bà con yên tâm sản xuất.",
    "Năm {year}, thôn {village} được công nhận đạt chuẩn nông thôn mới.",
    "Mỗi tháng, {who} đều dành thời gian đọc báo, nghe đài để học thêm cách làm hay.",
    "Đường bê tông dài {n} ki-lô-mét được làm xong nhờ {m} ngày công của bà con.",
    "Tỉ lệ trẻ em đến trường đạt {p}%, không còn em nào bỏ học giữa chừng.",
    "Các cụ già trong thôn kể rằng trước kia muốn ra chợ phải đi bộ mất nửa ngày.",
    "Nhờ {activity}, nhiều gia đình đã xây được nhà mới, mua được xe máy cho con đi học.",
    "Đảng ủy xã {commune} đánh giá cao tinh thần trách nhiệm và sự gương mẫu của {who}.",
    "Những lúc mưa lũ, {who} là người đầu tiên có mặt để giúp dân di dời tài sản.",
    "Bà con người {ethnic} ở thôn {village} nay đã quen ghi chép sổ sách chi tiêu.",
    "Từ {m} hộ ban đầu, tổ hợp tác đã có {n} thành viên, doanh thu mỗi năm hơn {k} tỉ đồng.",
    "Phong trào học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được cụ thể hóa "
    "bằng những việc làm thiết thực.",
    "Đoàn viên thanh niên trong xã thường xuyên ra quân giúp các gia đình chính sách.",
    "Chi bộ duy trì sinh hoạt đều đặn, mỗi đảng viên nhận giúp đỡ {n} hộ khó khăn.",
    "Lực lượng công an xã phối hợp với già làng, trưởng bản giữ vững an ninh trật tự.",
    "Các lớp tập huấn kỹ thuật {crop} thu hút đông đảo bà con tham dự.",
    "Nhiều du khách đến thôn {village} để ngắm ruộng bậc thang và thưởng thức món ăn truyền thống.",
    "Trạm y tế xã {commune} đã khám, tư vấn cho {m} lượt người trong năm qua.",
    "Câu lạc bộ văn nghệ của thôn biểu diễn trong các ngày lễ, Tết, giữ gìn bản sắc dân tộc {ethnic}.",
    "Đồn biên phòng ghi nhận sự đóng góp của {who} trong việc bảo vệ chủ quyền biên giới.",
    "Điều {who} tâm đắc nhất là bà con đã tự giác làm theo mà không cần nhắc nhở.",
    "Nói về dự định sắp tới, {who} mong muốn xây dựng thương hiệu {crop} {village}.",
    "Trong đợt rét đậm, {who} vận động quyên góp được {n} chăn ấm cho các cháu học sinh bán trú.",
    "Hội Nông dân xã hỗ trợ giống {animal} cho {n} hộ theo hình thức quay vòng.",
    "Cán bộ, đảng viên gương mẫu đi trước, nhân dân đồng lòng làm theo.",
]
ACHIEVEMENTS = [
    "Vận động {n} hộ {activity}.",
    "Giúp {n} hộ thoát nghèo bền vững trong giai đoạn 2021-2025.",
    "Hoàn thành xuất sắc nhiệm vụ {k} năm liền.",
    "Chiến sĩ thi đua cơ sở năm {year}.",
    "Tổ chức {n} buổi tuyên truyền pháp luật cho đồng bào {ethnic}.",
    "Hiến {n} mét vuông đất làm đường, xây nhà văn hóa thôn {village}.",
    "Đưa tỉ lệ hộ dùng nước sạch của thôn {village} lên {p}%.",
]
UNIT_TEMPLATES = {
    "party-organization": "Chi bộ thôn {village}",
    "agency": "Phòng Văn hóa - Xã hội xã {commune}",
    "mass-organization": "Hội Liên hiệp Phụ nữ xã {commune}",
    "enterprise": "Hợp tác xã {crop} {village}",
    "school": "Trường Phổ thông dân tộc bán trú {village}",
    "armed-forces-unit": "Đồn Biên phòng {village}",
}


@dataclass(frozen=True)
class Options:
    count: int
    seed: int = 1
    photos: bool = False  # portraits for most individuals (about 45% of records)
    every_record_photo: bool = False  # one photo for every record, collectives included
    # 3×4 portraits, the size of the "ảnh 3x4" scans that exemplar dossiers carry.
    photo_size: tuple[int, int] = (600, 800)
    withdrawn_share: float = 0.02
    today: date = TODAY


def copy_project_files(root: Path, today: date = TODAY) -> None:
    """Everything of the repository's project but its records (configuration, theme, editorial
    pages, vocabularies, schema), as they are now: a roll kept between runs is built with the
    theme under test, not with the one it was written with."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "schema", "content", "theme"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "      data_dir: data\n", f'      data_dir: data\n      today: "{today}"\n'
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


def make_project(root: Path, options: Options) -> Path:
    """A complete honor-roll project in `root` with `options.count` synthetic records."""
    copy_project_files(root, options.today)
    records = root / "exemplars"
    if records.exists():
        shutil.rmtree(records)
    vocabularies, problems = load_vocabularies(root / "data", root)
    if problems:
        raise RuntimeError("the repository's vocabularies do not load")
    write_records(records, vocabularies, options)
    return root


def write_records(folder: Path, vocabularies: Vocabularies, options: Options) -> list[str]:
    """Write `options.count` record folders into `folder`; return their slugs."""
    roll = _Roll(vocabularies, options)
    folder.mkdir(parents=True, exist_ok=True)
    slugs = []
    for number in range(options.count):
        slug, text, photo = roll.record(number)
        target = folder / slug
        target.mkdir()
        (target / "index.md").write_text(text, encoding="utf-8")
        if photo:
            _portrait(target / "chan-dung.jpg", roll.random, options.photo_size)
        slugs.append(slug)
    return slugs


class _Roll:
    def __init__(self, vocabularies: Vocabularies, options: Options) -> None:
        self.v = vocabularies
        self.options = options
        self.random = random.Random(options.seed)
        self.subjects = {
            kind: [t.key for t in vocabularies.subjects if t.get("kind") == kind]
            for kind in ("individual", "collective")
        }
        self.committees = [t for t in vocabularies.party_committees if t.get("commune")]
        self.sector_committees = [t for t in vocabularies.party_committees if not t.get("commune")]
        self.provincial = Counter()  # (committee, year) -> provincial recognitions so far
        self.slugs: set[str] = set()
        self.collectives: set[tuple[str, str]] = set()  # (name, commune)
        self.decisions: dict[tuple[str, str], date] = {}  # (issuer, number) -> its date

    def _words(self, commune: str) -> dict[str, str]:
        r = self.random
        return {
            "village": " ".join(r.sample(VILLAGE_SYLLABLES, 2)),
            "crop": r.choice(CROPS),
            "animal": r.choice(LIVESTOCK),
            "ethnic": r.choice(ETHNIC_GROUPS),
            "commune": commune,
            "n": str(r.randint(3, 250)),
            "m": f"{r.randint(2, 9)}.{r.randint(0, 999):03d}",
            "k": str(r.randint(2, 6)),
            "p": str(r.randint(60, 100)),
            "year": str(r.randint(2015, 2025)),
        }

    def _fill(self, template: str, commune: str, who: str) -> str:
        words = self._words(commune)
        words["activity"] = self.random.choice(ACTIVITIES).format(**words)
        return template.format(who=who, **words)

    def record(self, number: int) -> tuple[str, str, bool]:
        r = self.random
        individual = r.random() < 0.65
        committee = r.choice(self.committees)
        commune_key = str(committee.get("commune"))
        commune = self.v.communes[commune_key]
        place = str(commune.get("name", commune.label))
        if r.random() < 0.06:  # sector committees register exemplars of provincial agencies
            committee = r.choice(self.sector_committees)
        subject = r.choice(self.subjects["individual" if individual else "collective"])
        if individual:
            male = r.random() < 0.55
            name = " ".join(
                (
                    r.choice(FAMILY),
                    r.choice(MIDDLE_MALE if male else MIDDLE_FEMALE),
                    r.choice(GIVEN_MALE if male else GIVEN_FEMALE),
                )
            )
            who = ("anh " if male else "chị ") + name.split()[-1]
            unit = None
            if r.random() < 0.7:
                unit = self._fill(r.choice(list(UNIT_TEMPLATES.values())), place, who)
            role = self._fill(
                r.choice(
                    [
                        "Bí thư Chi bộ thôn {village}",
                        "Trưởng thôn {village}",
                        "Giáo viên Trường Tiểu học {village}",
                        "Y sĩ Trạm Y tế xã {commune}",
                        "Chủ nhiệm Hợp tác xã {crop} {village}",
                        "Chiến sĩ Đồn Biên phòng {village}",
                        "Nông dân sản xuất, kinh doanh giỏi",
                        "Công an viên thôn {village}",
                    ]
                ),
                place,
                who,
            )
        else:
            template = UNIT_TEMPLATES.get(subject, "Tổ hợp tác {crop} thôn {village}")
            name = self._fill(template, place, "tập thể")
            # A commune has one women's union: a second one would be a copy to the validator.
            while (name, commune_key) in self.collectives:
                name = self._fill("Tổ hợp tác {crop} thôn {village}", place, "tập thể")
            self.collectives.add((name, commune_key))
            who = "tập thể " + name
            unit = (
                f"Đảng bộ xã {place}" if commune.get("type") == "xa" else f"Đảng bộ phường {place}"
            )
            role = None
        slug = self._slug(name, commune_key)
        recognitions = self._recognitions(committee.key, committee.label)
        words = r.randint(300, 800)
        story = self._story(place, who, words)
        achievements = [self._fill(t, place, who) for t in r.sample(ACHIEVEMENTS, r.randint(2, 4))]
        summary = self._fill(r.choice(SENTENCES), place, who)[:300]
        regions = sorted(
            {x for x in ("highland", "border", "ethnic-minority") if r.random() < 0.4},
            key=("highland", "border", "ethnic-minority").index,
        )
        status = "withdrawn" if r.random() < self.options.withdrawn_share else "recognized"
        photo = self.options.every_record_photo or (
            self.options.photos and individual and r.random() < 0.7
        )
        lines = [
            "---",
            f"name: {_q(name)}",
            f"kind: {'individual' if individual else 'collective'}",
            f"subject: {subject}",
        ]
        if role:
            lines.append(f"role: {_q(role)}")
        lines.append(f"field: {r.choice(list(self.v.fields.terms))}")
        if unit:
            lines.append(f"unit: {_q(unit)}")
        lines += [
            f"commune: {commune_key}",
            f"party_committee: {committee.key}",
            "period: 2025-2028",
            f"status: {status}",
            "recognitions:",
        ]
        for level, decision, day, issuer in recognitions:
            lines += [
                f"  - level: {level}",
                f"    decision: {_q(decision)}",
                f"    date: {day.isoformat()}",
                f"    issued_by: {_q(issuer)}",
            ]
        lines.append(f"summary: {_q(summary)}")
        lines.append("achievements:")
        lines += [f"  - {_q(a)}" for a in achievements]
        if regions:
            lines.append(f"regions: [{', '.join(regions)}]")
        consent = []
        if individual and r.random() < 0.5:
            lines.append(f"ethnicity: {_q(r.choice(ETHNIC_GROUPS))}")
            consent.append("  ethnicity: true")  # published with written consent only
        if photo:
            alt = ("Chân dung " if individual else "Ảnh tập thể ") + name
            lines += [
                "photos:",
                "  - file: chan-dung.jpg",
                f"    alt: {_q(alt + ' (ảnh tổng hợp để đo hiệu năng)')}",
                "    credit: Ảnh tổng hợp",
            ]
            if individual:
                consent.insert(0, "  photos: true")
        if consent:
            lines += ["consent:", *consent]
        lines += ["sample: true", "---", "", story, ""]
        return slug, "\n".join(lines), photo

    def _slug(self, name: str, commune: str) -> str:
        base = slugify(f"{name} {commune}")[:70].strip("-")
        slug, n = base, 2
        while slug in self.slugs or slug == "trang":
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def _recognitions(self, committee: str, issuer: str) -> list[tuple[str, str, date, str]]:
        r = self.random
        start, end = date(2025, 7, 1), self.options.today
        first = start + timedelta(days=r.randrange((end - start).days))
        out = [("grassroots", self._decision(issuer, "QĐ/ĐU", first), first, issuer)]
        year = max(first.year, 2026)
        if r.random() < 0.08 and self.provincial[(committee, year)] < 2:
            later = max(first + timedelta(days=30), date(year, 1, 15))
            if later <= end and later.year == year:
                self.provincial[(committee, year)] += 1
                provincial = "Tỉnh ủy Lào Cai"
                number = self._decision(provincial, "QĐ/TU", later)
                out.append(("provincial", number, later, provincial))
        return out

    def _decision(self, issuer: str, suffix: str, when: date) -> str:
        """A decision number of `issuer`, new or already dated `when`: one decision, one date."""
        while True:
            number = f"{self.random.randint(1, 999)}-{suffix}"
            if self.decisions.setdefault((issuer, number), when) == when:
                return number

    def _story(self, place: str, who: str, words: int) -> str:
        r = self.random
        paragraphs: list[str] = []
        count = 0
        sentences = [self._fill(r.choice(OPENINGS), place, who)]
        while count < words:
            sentence = self._fill(r.choice(SENTENCES), place, who)
            sentence = sentence[0].upper() + sentence[1:]
            sentences.append(sentence)
            count += len(sentence.split())
            if len(sentences) >= r.randint(4, 7):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)


def _q(text: str) -> str:
    """A YAML scalar that is always read back as this exact string (JSON is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _portrait(path: Path, rng: random.Random, size: tuple[int, int] = (600, 800)) -> None:
    """A JPEG with a photo's texture (noise, gradients, shapes), so that encoders work as hard on
    it as on a real portrait; flat colours would encode several times faster."""
    from PIL import Image, ImageDraw

    width, height = size
    noise = Image.effect_noise((max(1, width // 2), max(1, height // 2)), rng.randint(8, 20))
    noise = noise.resize(size)
    base = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
    shift = rng.randrange(256)
    image = Image.merge("RGB", (base, noise, Image.eval(base, lambda v: (v + shift) % 256)))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (width * 0.3, height * 0.2, width * 0.7, height * 0.52),
        fill=tuple(rng.randint(150, 240) for _ in range(3)),
    )
    draw.rectangle(
        (width * 0.2, height * 0.58, width * 0.8, height),
        fill=tuple(rng.randint(20, 120) for _ in range(3)),
    )
    image.save(path, "JPEG", quality=85)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic honor-roll project.")
    parser.add_argument("root", type=Path, help="folder to write the project into")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--photos", action="store_true", help="portraits for most individuals")
    parser.add_argument("--every-record-photo", action="store_true", help="one photo per record")
    args = parser.parse_args(argv)
    make_project(
        args.root,
        Options(args.records, args.seed, args.photos, every_record_photo=args.every_record_photo),
    )
    print(f"{args.records} records in {args.root / 'exemplars'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
